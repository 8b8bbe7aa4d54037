import { bucketMeans, downsampleMinMax, type Point } from '../../shared/charts/downsample';
import { baseOption } from '../../shared/charts/theme';
import type { EpochRow } from './run-events-reducer';

/** Points per line drawn: enough for a smooth curve, few enough to redraw every epoch. */
export const MAX_LINE_POINTS = 400;
/** Heatmap columns: longer runs average neighbouring epochs into one cell. */
export const MAX_HEATMAP_COLUMNS = 60;

export const METRIC = {
  trainLoss: 'train/loss',
  valLoss: 'val/loss',
  trainAccuracy: 'train/accuracy',
  valAccuracy: 'val/accuracy',
  valAccuracyClean: 'val/accuracy_clean',
  ckaMean: 'similarity/cka_mean',
  agreement: 'similarity/agreement',
} as const;
export const CKA_PREFIX = 'similarity/cka/';
export const DRIFT_PREFIX = 'similarity/weight_drift/';

/** Every metric the run page draws, for metricSeries (per-block keys from the source model's blocks). */
export function runChartKeys(blocks: readonly string[]): string[] {
  return [
    ...Object.values(METRIC),
    ...blocks.map((b) => CKA_PREFIX + b),
    ...blocks.map((b) => DRIFT_PREFIX + b),
  ].slice(0, 50);
}

/** The blocks with a metric under `prefix`, in the source model's order (input → head), others after. */
export function blocksWith(
  rows: readonly EpochRow[],
  prefix: string,
  order: readonly string[] = [],
): string[] {
  const found = new Set<string>();
  for (const row of rows)
    for (const key of Object.keys(row.metrics))
      if (key.startsWith(prefix)) found.add(key.slice(prefix.length));
  const rank = (b: string) => (order.includes(b) ? order.indexOf(b) : order.length);
  return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** One metric as [epoch, value] points (numbers only), downsampled. */
export function metricPoints(rows: readonly EpochRow[], key: string, maxPoints = MAX_LINE_POINTS): Point[] {
  const points: Point[] = [];
  for (const row of rows) {
    const value = row.metrics[key];
    if (typeof value === 'number' && Number.isFinite(value)) points.push([row.epoch, value]);
  }
  return downsampleMinMax(points, maxPoints);
}

export interface LineSpec {
  name: string;
  points: Point[];
  dashed?: boolean;
  color?: string;
}

export function lineChartOption(lines: LineSpec[], axis: { yMin?: number; yMax?: number } = {}) {
  const singlePoint = lines.every((l) => l.points.length <= 1);
  return {
    ...baseOption(axis),
    series: lines.map((line) => ({
      name: line.name,
      type: 'line',
      data: line.points,
      showSymbol: singlePoint || line.points.length <= 30,
      symbolSize: 5,
      smooth: false,
      lineStyle: { width: 2, type: line.dashed ? 'dashed' : 'solid' },
      ...(line.color ? { itemStyle: { color: line.color } } : {}),
      emphasis: { focus: 'series' },
    })),
  };
}

/** Lines of several keys of one run, named by `label`. */
export function linesOf(
  rows: readonly EpochRow[],
  keys: { key: string; label: string; dashed?: boolean }[],
): LineSpec[] {
  return keys
    .map(({ key, label, dashed }) => ({ name: label, points: metricPoints(rows, key), dashed }))
    .filter((line) => line.points.length > 0);
}

export interface HeatmapData {
  /** Column labels: an epoch, or a span "11–20" when epochs are averaged. */
  columns: string[];
  blocks: string[];
  /** [column, block index, value] */
  cells: [number, number, number][];
}

/** CKA per block (rows, input at the bottom) × epoch (columns, averaged into ≤ maxColumns). */
export function ckaHeatmap(
  rows: readonly EpochRow[],
  blocks: readonly string[],
  maxColumns = MAX_HEATMAP_COLUMNS,
): HeatmapData {
  const epochs = rows.map((r) => r.epoch);
  const cells: [number, number, number][] = [];
  let spans: { start: number; end: number }[] = [];
  blocks.forEach((block, y) => {
    const values = rows.map((r) => {
      const v = r.metrics[CKA_PREFIX + block];
      return typeof v === 'number' ? v : NaN;
    });
    const buckets = bucketMeans(values, maxColumns);
    spans = buckets.map((b, i) => ({ start: b.start, end: (buckets[i + 1]?.start ?? values.length) - 1 }));
    buckets.forEach((b, x) => {
      if (Number.isFinite(b.mean)) cells.push([x, y, b.mean]);
    });
  });
  const columns = spans.map(({ start, end }) =>
    start === end ? String(epochs[start]) : `${epochs[start]}–${epochs[end]}`,
  );
  return { columns, blocks: [...blocks], cells };
}

export function heatmapOption(data: HeatmapData) {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 12, bottom: 56, containLabel: true },
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number] }) =>
        `${data.blocks[p.value[1]]} · epoch ${data.columns[p.value[0]]}<br/>CKA <b>${p.value[2].toFixed(3)}</b>`,
    },
    xAxis: {
      type: 'category',
      data: data.columns,
      name: 'epoch',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: '#667085', fontSize: 11 },
      axisLabel: { color: '#667085', fontSize: 11 },
      splitArea: { show: false },
    },
    yAxis: { type: 'category', data: data.blocks, axisLabel: { color: '#475467', fontSize: 11 } },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      text: ['1', '0'],
      textStyle: { color: '#667085', fontSize: 11 },
      inRange: { color: ['#fff3bf', '#ffa94d', '#e8590c', '#862e9c', '#364fc7'] },
    },
    series: [
      {
        type: 'heatmap',
        data: data.cells,
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#101828' } },
      },
    ],
  };
}
