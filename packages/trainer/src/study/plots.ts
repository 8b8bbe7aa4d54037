/**
 * Three small chart kinds drawn on the preview Raster with its pixel font —
 * grouped bars with error bars, categorical line plots with error bars, and
 * a scatter with error bars in both directions — enough for the study's
 * figures without a plotting library. Text is upper-case only (the font's).
 */
import { GLYPH_ADVANCE } from '../preview/pixel-font.js';
import { Raster, type Rgb } from '../preview/raster.js';
import type { Stat } from './stats.js';

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [20, 20, 20];
const GRID: Rgb = [225, 225, 225];
const AXIS: Rgb = [90, 90, 90];

/** Okabe–Ito colours (distinguishable with colour-vision deficiencies), then greys for baselines. */
export const PALETTE: readonly Rgb[] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [213, 94, 0],
  [86, 180, 233],
  [150, 120, 40],
  [60, 60, 60],
];
export const BASELINE_SOURCE: Rgb = [70, 70, 70];
export const BASELINE_SCRATCH: Rgb = [175, 175, 175];

export interface Series {
  name: string;
  colour: Rgb;
}

interface Frame {
  raster: Raster;
  left: number;
  top: number;
  width: number;
  height: number;
  yMin: number;
  yMax: number;
}

const TEXT = 2;
const TITLE = 3;

function textWidth(text: string, scale: number): number {
  return text.length * GLYPH_ADVANCE * scale - scale;
}

/** The font knows a fixed set of characters; map the few others the study uses. */
function printable(text: string): string {
  return text
    .toUpperCase()
    .replace(/±/g, '+-')
    .replace(/\+/g, ' ')
    .replace(/_/g, '-')
    .replace(/[^0-9A-Z .,:/()%=>?-]/g, '?');
}

function drawText(raster: Raster, x: number, y: number, text: string, scale: number, colour: Rgb): void {
  raster.text(Math.round(x), Math.round(y), printable(text), scale, colour);
}

function centredText(raster: Raster, cx: number, y: number, text: string, scale: number, colour: Rgb) {
  drawText(raster, cx - textWidth(printable(text), scale) / 2, y, text, scale, colour);
}

/** A line `thickness` pixels wide (Bresenham with square pens). */
function line(raster: Raster, x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1) {
  let [x, y] = [Math.round(x0), Math.round(y0)];
  const [xe, ye] = [Math.round(x1), Math.round(y1)];
  const dx = Math.abs(xe - x);
  const dy = -Math.abs(ye - y);
  const sx = x < xe ? 1 : -1;
  const sy = y < ye ? 1 : -1;
  let error = dx + dy;
  const half = Math.floor(thickness / 2);
  for (;;) {
    raster.fillRect(x - half, y - half, thickness, thickness, colour);
    if (x === xe && y === ye) break;
    const e2 = 2 * error;
    if (e2 >= dy) {
      error += dy;
      x += sx;
    }
    if (e2 <= dx) {
      error += dx;
      y += sy;
    }
  }
}

/** Splits a label into lines of at most `maxChars` characters at spaces. */
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && (current + ' ' + word).length > maxChars) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** A step of 1, 2 or 5 × 10^k giving about `target` intervals. */
function niceStep(range: number, target: number): number {
  const raw = range / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** A y range covering every mean ± std, snapped to tidy steps (accuracies stay within [0, 1]). */
export function autoRange(stats: readonly (Stat | undefined)[], clampToUnit = true): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of stats) {
    if (!s || !Number.isFinite(s.mean)) continue;
    lo = Math.min(lo, s.mean - s.std);
    hi = Math.max(hi, s.mean + s.std);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = Math.max(0.02, (hi - lo) * 0.08);
  const step = niceStep(Math.max(hi - lo + 2 * pad, 0.05), 5);
  let min = Math.floor((lo - pad) / step) * step;
  let max = Math.ceil((hi + pad) / step) * step;
  if (clampToUnit) {
    min = Math.max(0, min);
    max = Math.min(1, max);
    if (max <= min) max = Math.min(1, min + step);
  }
  return [min, max];
}

function legend(raster: Raster, x: number, y: number, series: readonly Series[], maxWidth: number): number {
  let cx = x;
  let cy = y;
  const rowHeight = 16;
  for (const s of series) {
    const w = 14 + 6 + textWidth(printable(s.name), TEXT) + 18;
    if (cx + w > x + maxWidth && cx > x) {
      cx = x;
      cy += rowHeight;
    }
    raster.fillRect(cx, cy, 12, 10, s.colour);
    drawText(raster, cx + 18, cy, s.name, TEXT, BLACK);
    cx += w;
  }
  return cy + rowHeight - y;
}

interface LayoutOptions {
  title: string;
  yLabel: string;
  xLabel?: string;
  series: readonly Series[];
  yRange: [number, number];
  width?: number;
  height?: number;
  bottom?: number;
}

/** Title, legend, y axis with grid and tick labels; returns the plot area. */
function layout(options: LayoutOptions): Frame {
  const width = options.width ?? 960;
  const height = options.height ?? 540;
  const raster = new Raster(width, height, WHITE);
  drawText(raster, 16, 12, options.title, TITLE, BLACK);
  const legendHeight = legend(raster, 80, 42, options.series, width - 100);
  drawText(raster, 16, 50 + legendHeight, options.yLabel, TEXT, AXIS);
  const left = 80;
  const top = 72 + legendHeight;
  const bottom = options.bottom ?? 70;
  const frame: Frame = {
    raster,
    left,
    top,
    width: width - left - 24,
    height: height - top - bottom,
    yMin: options.yRange[0],
    yMax: options.yRange[1],
  };
  const step = niceStep(frame.yMax - frame.yMin, 6);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  for (let v = Math.ceil(frame.yMin / step) * step; v <= frame.yMax + step * 1e-6; v += step) {
    const y = yPixel(frame, v);
    line(raster, left, y, left + frame.width, y, GRID);
    const label = v.toFixed(decimals);
    drawText(raster, left - 8 - textWidth(label, TEXT), y - 5, label, TEXT, AXIS);
  }
  line(raster, left, top, left, top + frame.height, AXIS, 2);
  line(raster, left, top + frame.height, left + frame.width, top + frame.height, AXIS, 2);
  if (options.xLabel) {
    centredText(raster, left + frame.width / 2, height - 20, options.xLabel, TEXT, AXIS);
  }
  return frame;
}

function yPixel(frame: Frame, value: number): number {
  const t = (value - frame.yMin) / (frame.yMax - frame.yMin);
  return frame.top + frame.height * (1 - Math.min(1, Math.max(0, t)));
}

function errorBar(frame: Frame, x: number, stat: Stat, colour: Rgb, cap = 5): void {
  if (!(stat.std > 0)) return;
  const y0 = yPixel(frame, stat.mean - stat.std);
  const y1 = yPixel(frame, stat.mean + stat.std);
  line(frame.raster, x, y0, x, y1, colour, 2);
  line(frame.raster, x - cap, y0, x + cap, y0, colour, 2);
  line(frame.raster, x - cap, y1, x + cap, y1, colour, 2);
}

export interface BarChartOptions {
  title: string;
  yLabel: string;
  xLabel?: string;
  /** One group of bars per entry (x axis). */
  groups: readonly string[];
  series: readonly Series[];
  /** values[group][series]; undefined leaves a gap. */
  values: readonly (readonly (Stat | undefined)[])[];
  yRange?: [number, number];
}

/**
 * Grouped bars of means with mean ± std error bars.
 *
 * @example
 * const png = barChart({ title: 'Accuracy', yLabel: 'accuracy', groups: ['a'], series: [{ name: 'x', colour: PALETTE[0] }], values: [[summarise([0.9, 0.92])]] });
 */
export function barChart(options: BarChartOptions): Buffer {
  const stats = options.values.flat();
  const frame = layout({
    ...options,
    yRange: options.yRange ?? autoRange(stats),
    bottom: 40 + 12 * maxLines(options.groups, options.groups.length) + (options.xLabel ? 24 : 0),
  });
  const { raster } = frame;
  const groupWidth = frame.width / options.groups.length;
  const barWidth = Math.max(4, Math.floor((groupWidth * 0.8) / options.series.length));
  options.groups.forEach((group, g) => {
    const x0 = frame.left + g * groupWidth + (groupWidth - barWidth * options.series.length) / 2;
    options.series.forEach((series, s) => {
      const stat = options.values[g]?.[s];
      if (!stat || !Number.isFinite(stat.mean)) return;
      const x = Math.round(x0 + s * barWidth);
      const y = Math.round(yPixel(frame, stat.mean));
      const base = Math.round(yPixel(frame, frame.yMin));
      raster.fillRect(x + 1, y, barWidth - 2, base - y, series.colour);
      errorBar(frame, x + barWidth / 2, stat, BLACK, Math.min(5, barWidth / 3));
    });
    const lines = wrap(printable(group), Math.max(6, Math.floor(groupWidth / (GLYPH_ADVANCE * TEXT)) - 1));
    lines.forEach((text, i) =>
      centredText(
        raster,
        frame.left + (g + 0.5) * groupWidth,
        frame.top + frame.height + 10 + i * 12,
        text,
        TEXT,
        BLACK,
      ),
    );
  });
  return raster.toPng();
}

function maxLines(labels: readonly string[], slots: number): number {
  const groupChars = Math.max(6, Math.floor((960 - 104) / slots / (GLYPH_ADVANCE * TEXT)) - 1);
  return Math.max(1, ...labels.map((label) => wrap(printable(label), groupChars).length));
}

export interface LinePlotOptions {
  title: string;
  yLabel: string;
  xLabel: string;
  xTicks: readonly string[];
  /** points[i] at xTicks[i]; undefined leaves a gap. */
  lines: readonly (Series & { points: readonly (Stat | undefined)[] })[];
  yRange?: [number, number];
}

/**
 * One line per series over categorical x positions, with mean ± std error bars.
 *
 * @example
 * const png = linePlot({ title: 'CKA', yLabel: 'cka', xLabel: 'block', xTicks: ['conv1'], lines: [] });
 */
export function linePlot(options: LinePlotOptions): Buffer {
  const frame = layout({
    ...options,
    series: options.lines,
    yRange: options.yRange ?? autoRange(options.lines.flatMap((l) => l.points)),
  });
  const { raster } = frame;
  const step = frame.width / options.xTicks.length;
  const xOf = (i: number) => frame.left + (i + 0.5) * step;
  options.xTicks.forEach((tick, i) => {
    centredText(raster, xOf(i), frame.top + frame.height + 10, tick, TEXT, BLACK);
  });
  // A small horizontal offset per series keeps overlapping error bars readable.
  const spread = Math.min(24, step / 4);
  options.lines.forEach((series, s) => {
    const offset = options.lines.length > 1 ? (s / (options.lines.length - 1) - 0.5) * spread : 0;
    let previous: [number, number] | undefined;
    series.points.forEach((stat, i) => {
      if (!stat || !Number.isFinite(stat.mean)) {
        previous = undefined;
        return;
      }
      const point: [number, number] = [xOf(i) + offset, yPixel(frame, stat.mean)];
      if (previous) line(raster, previous[0], previous[1], point[0], point[1], series.colour, 3);
      previous = point;
    });
    series.points.forEach((stat, i) => {
      if (!stat || !Number.isFinite(stat.mean)) return;
      const x = xOf(i) + offset;
      errorBar(frame, x, stat, series.colour);
      raster.fillRect(Math.round(x) - 4, Math.round(yPixel(frame, stat.mean)) - 4, 9, 9, series.colour);
    });
  });
  return raster.toPng();
}

export interface ScatterOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  points: readonly (Series & { x: Stat; y: Stat })[];
  xRange?: [number, number];
  yRange?: [number, number];
}

/**
 * One marker per series at (mean x, mean y) with ± std bars along both axes.
 *
 * @example
 * const png = scatterPlot({ title: 'Accuracy vs CKA', xLabel: 'cka', yLabel: 'accuracy', points: [] });
 */
export function scatterPlot(options: ScatterOptions): Buffer {
  const frame = layout({
    ...options,
    series: options.points,
    yRange: options.yRange ?? autoRange(options.points.map((p) => p.y)),
  });
  const { raster } = frame;
  const [xMin, xMax] = options.xRange ?? autoRange(options.points.map((p) => p.x));
  const xPixel = (v: number) =>
    frame.left + ((Math.min(xMax, Math.max(xMin, v)) - xMin) / (xMax - xMin)) * frame.width;
  const step = niceStep(xMax - xMin, 6);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  for (let v = Math.ceil(xMin / step) * step; v <= xMax + step * 1e-6; v += step) {
    const x = xPixel(v);
    line(raster, x, frame.top, x, frame.top + frame.height, GRID);
    centredText(raster, x, frame.top + frame.height + 10, v.toFixed(decimals), TEXT, AXIS);
  }
  line(
    raster,
    frame.left,
    frame.top + frame.height,
    frame.left + frame.width,
    frame.top + frame.height,
    AXIS,
    2,
  );
  for (const p of options.points) {
    const x = xPixel(p.x.mean);
    const y = yPixel(frame, p.y.mean);
    errorBar(frame, x, p.y, p.colour);
    if (p.x.std > 0) {
      const x0 = xPixel(p.x.mean - p.x.std);
      const x1 = xPixel(p.x.mean + p.x.std);
      line(raster, x0, y, x1, y, p.colour, 2);
      line(raster, x0, y - 5, x0, y + 5, p.colour, 2);
      line(raster, x1, y - 5, x1, y + 5, p.colour, 2);
    }
    raster.fillRect(Math.round(x) - 5, Math.round(y) - 5, 11, 11, p.colour);
  }
  return raster.toPng();
}
