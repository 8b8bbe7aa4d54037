/**
 * The PNG preview of IMAGE and AUDIO examples: a title, then a "before" row
 * and an "after" row, one column per example, each scaled up, with the true
 * label under the before row and the given label under the after row (red,
 * with a red frame, where label noise changed it). Audio feature frames are
 * drawn as spectrogram-like heatmaps: time left to right, the first feature at
 * the bottom, coloured on the before example's range.
 */
import { imageGeometry } from '../datasets/quality/image-corruptions.js';
import { textWidth } from './pixel-font.js';
import { Raster, type Rgb } from './raster.js';

/** One column of the preview. */
export interface PreviewPair {
  before: Float32Array;
  after: Float32Array;
  trueLabel: string;
  givenLabel: string;
}

export interface GridPreviewInput {
  title: string;
  modality: 'IMAGE' | 'AUDIO';
  /** One example's shape: [h, w, c] images or [steps, features] frames. */
  inputShape: number[];
  pairs: PreviewPair[];
}

/** About how many pixels the longer side of an image (the time axis of frames) is scaled to. */
const CELL_TARGET = 96;
const FONT = 2;
/** About how many pixels tall a heatmap of feature frames is drawn. */
const HEATMAP_HEIGHT = 64;
const MARGIN = 10;
const GAP = 8;
const BACKGROUND: Rgb = [245, 245, 245];
const INK: Rgb = [34, 34, 34];
const FLIPPED: Rgb = [214, 39, 40];
const ROW_NAMES = ['BEFORE', 'AFTER'];

/**
 * Renders the preview and returns the PNG's bytes and size.
 *
 * @example
 * const { png, width, height } = renderGridPreview({ title: 'MNIST', modality: 'IMAGE', inputShape: [28, 28, 1], pairs });
 */
export function renderGridPreview(input: GridPreviewInput): { png: Buffer; width: number; height: number } {
  const { pairs } = input;
  if (pairs.length === 0) throw new RangeError('a preview needs at least one example');
  const cell = cellGeometry(input.modality, input.inputShape);
  // Images keep their aspect; frames are stretched to a readable height (a spectrogram has no aspect).
  const scaleX = Math.max(1, Math.round(CELL_TARGET / Math.max(cell.width, cell.height)));
  const scaleY = input.modality === 'IMAGE' ? scaleX : Math.max(1, Math.round(HEATMAP_HEIGHT / cell.height));
  const cellWidth = cell.width * scaleX;
  const cellHeight = cell.height * scaleY;
  const lineHeight = Raster.lineHeight(FONT);
  const rowLabelWidth = Math.max(...ROW_NAMES.map((name) => textWidth(name, FONT))) + GAP;
  const columnWidth = Math.max(cellWidth, textWidth('0000', FONT));
  const rowHeight = cellHeight + GAP / 2 + lineHeight + GAP;
  const gridWidth = pairs.length * columnWidth + (pairs.length - 1) * GAP;
  const width = MARGIN + rowLabelWidth + gridWidth + MARGIN;
  const title = fitText(input.title, Math.max(width, 480) - 2 * MARGIN);
  const fullWidth = Math.max(width, textWidth(title, FONT) + 2 * MARGIN);
  const top = MARGIN + lineHeight + GAP * 2;
  const height = top + 2 * rowHeight + MARGIN - GAP;
  const raster = new Raster(fullWidth, height, BACKGROUND);
  raster.text(MARGIN, MARGIN, title, FONT, INK);
  const maxChars = Math.max(1, Math.floor((columnWidth + FONT) / (4 * FONT)));

  ROW_NAMES.forEach((name, row) => {
    const y = top + row * rowHeight;
    raster.text(MARGIN, y + Math.floor((cellHeight - lineHeight) / 2), name, FONT, INK);
    pairs.forEach((pair, column) => {
      const x =
        MARGIN + rowLabelWidth + column * (columnWidth + GAP) + Math.floor((columnWidth - cellWidth) / 2);
      const values = row === 0 ? pair.before : pair.after;
      const flipped = row === 1 && pair.givenLabel !== pair.trueLabel;
      if (input.modality === 'IMAGE') drawImage(raster, x, y, values, cell, scaleX);
      else drawHeatmap(raster, x, y, values, pair.before, cell, scaleX, scaleY);
      if (flipped) raster.frame(x, y, cellWidth, cellHeight, 2, FLIPPED);
      const label = (row === 0 ? pair.trueLabel : pair.givenLabel).slice(0, maxChars);
      const labelX = x + Math.floor((cellWidth - textWidth(label, FONT)) / 2);
      raster.text(labelX, y + cellHeight + GAP / 2, label, FONT, flipped ? FLIPPED : INK);
    });
  });
  return { png: raster.toPng(), width: raster.width, height: raster.height };
}

interface CellGeometry {
  /** Pixels across and down before scaling. */
  width: number;
  height: number;
  /** Values per pixel position: image channels, or 1 for frames. */
  channels: number;
}

function cellGeometry(modality: 'IMAGE' | 'AUDIO', inputShape: number[]): CellGeometry {
  if (modality === 'IMAGE') {
    const g = imageGeometry(inputShape);
    if (!g) throw new RangeError(`image inputs of shape [${inputShape}] are not [height, width, channels]`);
    return { width: g.width, height: g.height, channels: g.channels };
  }
  if (inputShape.length !== 2) {
    throw new RangeError(`audio inputs of shape [${inputShape}] are not [steps, features] frames`);
  }
  return { width: inputShape[0], height: inputShape[1], channels: 1 };
}

/** Grey for one channel, RGB for three or more (the first three), values in [0, 1]. */
function drawImage(
  raster: Raster,
  x0: number,
  y0: number,
  values: Float32Array,
  cell: CellGeometry,
  scale: number,
): void {
  const byte = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  for (let y = 0; y < cell.height; y++) {
    for (let x = 0; x < cell.width; x++) {
      const i = (y * cell.width + x) * cell.channels;
      const colour: Rgb =
        cell.channels >= 3
          ? [byte(values[i]), byte(values[i + 1]), byte(values[i + 2])]
          : [byte(values[i]), byte(values[i]), byte(values[i])];
      raster.fillRect(x0 + x * scale, y0 + y * scale, scale, scale, colour);
    }
  }
}

/** Frames [steps, features] with time across and the first feature at the bottom. */
function drawHeatmap(
  raster: Raster,
  x0: number,
  y0: number,
  values: Float32Array,
  reference: Float32Array,
  cell: CellGeometry,
  scaleX: number,
  scaleY: number,
): void {
  let low = Infinity;
  let high = -Infinity;
  for (const v of reference) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const span = high > low ? high - low : 1;
  const steps = cell.width;
  const features = cell.height;
  for (let t = 0; t < steps; t++) {
    for (let f = 0; f < features; f++) {
      const colour = heatColour((values[t * features + f] - low) / span);
      raster.fillRect(x0 + t * scaleX, y0 + (features - 1 - f) * scaleY, scaleX, scaleY, colour);
    }
  }
}

/** A perceptually ordered dark-blue → teal → yellow ramp (viridis's end points and middle). */
const RAMP: Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

function heatColour(fraction: number): Rgb {
  const t = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(t));
  const u = t - i;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * u);
  return [mix(RAMP[i][0], RAMP[i + 1][0]), mix(RAMP[i][1], RAMP[i + 1][1]), mix(RAMP[i][2], RAMP[i + 1][2])];
}

function fitText(text: string, width: number): string {
  const chars = Math.max(4, Math.floor((width + FONT) / (4 * FONT)));
  return text.length <= chars ? text : `${text.slice(0, chars - 3)}...`;
}
