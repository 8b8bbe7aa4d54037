/** An RGB image in memory that previews draw on and then encode as PNG (pngjs). */
import { PNG } from 'pngjs';
import { GLYPH_ADVANCE, GLYPH_HEIGHT, glyphPixels } from './pixel-font.js';

export type Rgb = readonly [number, number, number];

export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new RangeError(`a raster needs a positive whole size, got ${width}×${height}`);
    }
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Sets one pixel; points outside the raster are ignored. */
  set(x: number, y: number, colour: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.pixels[i] = colour[0];
    this.pixels[i + 1] = colour[1];
    this.pixels[i + 2] = colour[2];
  }

  fillRect(x: number, y: number, width: number, height: number, colour: Rgb): void {
    for (let yy = y; yy < y + height; yy++) for (let xx = x; xx < x + width; xx++) this.set(xx, yy, colour);
  }

  /** A frame `thickness` pixels wide just outside the given box. */
  frame(x: number, y: number, width: number, height: number, thickness: number, colour: Rgb): void {
    const t = thickness;
    this.fillRect(x - t, y - t, width + 2 * t, t, colour);
    this.fillRect(x - t, y + height, width + 2 * t, t, colour);
    this.fillRect(x - t, y, t, height, colour);
    this.fillRect(x + width, y, t, height, colour);
  }

  /** Draws `text` in the 3×5 pixel font with its top-left corner at (x, y). */
  text(x: number, y: number, text: string, scale: number, colour: Rgb): void {
    [...text].forEach((char, i) => {
      for (const [gx, gy] of glyphPixels(char)) {
        this.fillRect(x + (i * GLYPH_ADVANCE + gx) * scale, y + gy * scale, scale, scale, colour);
      }
    });
  }

  /** Height of one line of text at `scale`. */
  static lineHeight(scale: number): number {
    return GLYPH_HEIGHT * scale;
  }

  /** Encodes the raster as an 8-bit RGB PNG. */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height, colorType: 2, inputHasAlpha: false });
    png.data = Buffer.from(this.pixels.buffer, this.pixels.byteOffset, this.pixels.byteLength);
    return PNG.sync.write(png, { colorType: 2, inputHasAlpha: false });
  }
}
