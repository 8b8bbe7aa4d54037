import type { Point } from '../../shared/charts/downsample';
import { downsampleMinMax } from '../../shared/charts/downsample';
import { baseOption, colorAt } from '../../shared/charts/theme';
import type { MetricSeries, Run } from '../../shared/graphql/api-types';
import { shortId } from '../../shared/ui/format';

export const MAX_COMPARE_POINTS = 300;
export const MIN_RUNS = 2;
export const MAX_RUNS = 20;

export interface TradeoffPoint {
  runId: string;
  /** Final clean-label accuracy (val/accuracy when the run has no clean labels). */
  accuracy: number;
  ckaMean: number;
}

/** Runs with both final numbers, as points of the accuracy–similarity trade-off. */
export function tradeoffPoints(runs: readonly Run[]): TradeoffPoint[] {
  return runs.flatMap((run) => {
    const accuracy = run.summary.finalValAccuracyClean ?? run.summary.finalValAccuracy;
    const ckaMean = run.summary.finalCkaMean;
    return accuracy == null || ckaMean == null ? [] : [{ runId: run.id, accuracy, ckaMean }];
  });
}

/**
 * The points no other point beats on both accuracy and CKA (higher is better
 * for both), ordered by CKA, so they draw as the front's line.
 */
export function paretoFront(points: readonly TradeoffPoint[]): TradeoffPoint[] {
  const sorted = [...points].sort((a, b) => b.accuracy - a.accuracy || b.ckaMean - a.ckaMean);
  const front: TradeoffPoint[] = [];
  let bestCka = -Infinity;
  for (const point of sorted) {
    if (point.ckaMean > bestCka) {
      front.push(point);
      bestCka = point.ckaMean;
    }
  }
  return front.sort((a, b) => a.ckaMean - b.ckaMean);
}

/** Parses comma-separated run ids from the URL: unique, at most MAX_RUNS. */
export function parseRunIds(value: string | null): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_RUNS);
}

/** A run's label on charts: its short id and strategy kind. */
export const runLabel = (run: Pick<Run, 'id' | 'strategySpec'>) =>
  `${shortId(run.id)} ${String(run.strategySpec.kind ?? '')}`.trim();

/** One line per run for the chosen metric, in the order of `runs`, each with the run's colour. */
export function overlayOption(runs: readonly Run[], series: readonly MetricSeries[], metric: string) {
  const byRun = new Map(series.filter((s) => s.key === metric).map((s) => [s.runId, s]));
  const lines = runs.map((run, i) => {
    const s = byRun.get(run.id);
    const points: Point[] = s ? s.epochs.map((epoch, j) => [epoch, s.values[j]]) : [];
    return {
      name: runLabel(run),
      type: 'line',
      data: downsampleMinMax(points, MAX_COMPARE_POINTS),
      showSymbol: points.length <= 30,
      symbolSize: 5,
      lineStyle: { width: 2 },
      itemStyle: { color: colorAt(i) },
      emphasis: { focus: 'series' },
    };
  });
  const bounded = /accuracy|agreement|cka/.test(metric);
  return { ...baseOption(bounded ? { yMax: 1 } : {}), series: lines };
}

/** Final accuracy (y) against mean CKA (x), one colour per run, the Pareto front as a step line. */
export function tradeoffOption(runs: readonly Run[]) {
  const points = tradeoffPoints(runs);
  const front = paretoFront(points);
  const onFront = new Set(front.map((p) => p.runId));
  const index = new Map(runs.map((run, i) => [run.id, i]));
  const label = new Map(runs.map((run) => [run.id, runLabel(run)]));
  const base = baseOption({ xName: 'mean CKA (similarity to the source model)', xFromData: false });
  return {
    ...base,
    legend: { show: false },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { value: [number, number, string] }) =>
        `${label.get(p.value[2]) ?? ''}<br/>accuracy <b>${(p.value[1] * 100).toFixed(1)}%</b> · CKA <b>${p.value[0].toFixed(3)}</b>`,
    },
    grid: { ...base.grid, top: 16, left: 52 },
    xAxis: { ...base.xAxis, minInterval: undefined, scale: true },
    yAxis: {
      ...base.yAxis,
      name: 'final accuracy',
      nameLocation: 'middle',
      nameGap: 38,
      nameTextStyle: { color: '#667085', fontSize: 11 },
    },
    series: [
      {
        name: 'Pareto front',
        type: 'line',
        step: 'end',
        data: front.map((p) => [p.ckaMean, p.accuracy, p.runId]),
        showSymbol: false,
        lineStyle: { color: '#98a2b3', type: 'dashed', width: 1.5 },
        z: 1,
      },
      {
        name: 'runs',
        type: 'scatter',
        z: 2,
        data: points.map((p) => ({
          value: [p.ckaMean, p.accuracy, p.runId],
          symbolSize: onFront.has(p.runId) ? 16 : 11,
          label: {
            show: true,
            position: 'right',
            formatter: shortId(p.runId),
            color: '#475467',
            fontSize: 11,
          },
          itemStyle: {
            color: colorAt(index.get(p.runId) ?? 0),
            borderColor: onFront.has(p.runId) ? '#101828' : '#fff',
            borderWidth: onFront.has(p.runId) ? 2 : 1,
          },
        })),
      },
    ],
  };
}
