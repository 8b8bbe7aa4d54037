/** PNG decoding and resizing for imported image folders. */
import { PNG } from 'pngjs';

/** A decoded image: RGBA, 8 bits per channel, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/**
 * Decodes a PNG (any colour type and bit depth; 16-bit is scaled to 8).
 * Throws with "not a PNG file" or the decoder's complaint.
 */
export function decodePng(bytes: Uint8Array): RgbaImage {
  if (!isPng(bytes)) throw new Error('not a PNG file');
  let png;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new Error(`corrupt PNG (${(error as Error).message})`);
  }
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}

/** Whether every pixel has R = G = B (alpha aside). */
export function isGrayscale(image: RgbaImage): boolean {
  const { rgba } = image;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  }
  return true;
}

/**
 * The image as float32 values in [0, 1], height × width × channels (1: gray
 * from R, 3: RGB), alpha composited over black.
 */
export function toFloatPixels(image: RgbaImage, channels: 1 | 3): Float32Array {
  const { width, height, rgba } = image;
  const out = new Float32Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const alpha = rgba[4 * p + 3] / 255;
    for (let c = 0; c < channels; c++) out[p * channels + c] = (rgba[4 * p + c] / 255) * alpha;
  }
  return out;
}

/**
 * Resizes height × width × channels float pixels with a separable triangle
 * (bilinear) filter whose support widens when shrinking, so a downscale
 * averages the pixels it covers instead of aliasing.
 *
 * @example
 * resizePixels(pixels, 56, 56, 1, 28, 28); // 2× smaller, each output ≈ mean of a 2×2 block
 */
export function resizePixels(
  pixels: Float32Array,
  height: number,
  width: number,
  channels: number,
  toHeight: number,
  toWidth: number,
): Float32Array {
  if (height === toHeight && width === toWidth) return pixels.slice();
  const horizontal = resampleWeights(width, toWidth);
  const vertical = resampleWeights(height, toHeight);
  // Rows first: height × toWidth × channels.
  const wide = new Float32Array(height * toWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < toWidth; x++) {
      const { first, weights } = horizontal[x];
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < weights.length; k++)
          sum += weights[k] * pixels[(y * width + first + k) * channels + c];
        wide[(y * toWidth + x) * channels + c] = sum;
      }
    }
  }
  const out = new Float32Array(toHeight * toWidth * channels);
  for (let y = 0; y < toHeight; y++) {
    const { first, weights } = vertical[y];
    for (let x = 0; x < toWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < weights.length; k++)
          sum += weights[k] * wide[((first + k) * toWidth + x) * channels + c];
        out[(y * toWidth + x) * channels + c] = sum;
      }
    }
  }
  return out;
}

function resampleWeights(from: number, to: number): { first: number; weights: Float64Array }[] {
  const scale = from / to;
  const support = Math.max(1, scale); // triangle half-width in input pixels
  const result: { first: number; weights: Float64Array }[] = [];
  for (let i = 0; i < to; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    const first = Math.max(0, Math.ceil(centre - support));
    const last = Math.min(from - 1, Math.floor(centre + support));
    const weights: number[] = [];
    let total = 0;
    for (let k = first; k <= last; k++) {
      const w = Math.max(0, 1 - Math.abs(k - centre) / support);
      weights.push(w);
      total += w;
    }
    if (total === 0) {
      // Only when the nearest pixel sits exactly on the support's edge: take it.
      const nearest = Math.min(from - 1, Math.max(0, Math.round(centre)));
      result.push({ first: nearest, weights: Float64Array.of(1) });
    } else {
      result.push({ first, weights: Float64Array.from(weights, (w) => w / total) });
    }
  }
  return result;
}
