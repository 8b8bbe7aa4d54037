import { describe, expect, it } from 'vitest';
import type { MetricSeries, Run } from '../../shared/graphql/api-types';
import { overlayOption, paretoFront, parseRunIds, tradeoffOption, tradeoffPoints } from './compare-data';

const run = (id: string, accuracy: number | null, cka: number | null, clean: number | null = accuracy): Run =>
  ({
    id,
    strategySpec: { kind: 'last-k' },
    summary: { finalValAccuracy: accuracy, finalValAccuracyClean: clean, finalCkaMean: cka },
  }) as unknown as Run;

describe('compare data', () => {
  it('finds the runs no other run beats on both accuracy and CKA', () => {
    const points = tradeoffPoints([
      run('a', 0.9, 0.3),
      run('b', 0.8, 0.7),
      run('c', 0.7, 0.6), // beaten by b on both
      run('d', 0.5, 0.95),
      run('e', 0.9, 0.2), // ties a on accuracy, less similar
      run('f', null, 0.9), // not finished
    ]);
    expect(points.map((p) => p.runId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(paretoFront(points).map((p) => p.runId)).toEqual(['a', 'b', 'd']);
  });

  it('prefers clean-label accuracy and falls back to val/accuracy', () => {
    expect(
      tradeoffPoints([run('a', 0.6, 0.5, 0.8), run('b', 0.6, 0.5, null)]).map((p) => p.accuracy),
    ).toEqual([0.8, 0.6]);
  });

  it('reads unique run ids from the URL, at most 20', () => {
    expect(parseRunIds('a, b,a,,c')).toEqual(['a', 'b', 'c']);
    expect(parseRunIds(Array.from({ length: 30 }, (_, i) => `r${i}`).join(','))).toHaveLength(20);
    expect(parseRunIds(null)).toEqual([]);
  });

  it('overlays one downsampled line per run in run order, empty for runs without the metric', () => {
    const series: MetricSeries[] = [
      { runId: 'b', key: 'val/accuracy', epochs: [1, 2, 3], values: [0.1, 0.2, 0.3], downsampled: false },
      {
        runId: 'a',
        key: 'val/accuracy',
        epochs: Array.from({ length: 1000 }, (_, i) => i + 1),
        values: Array.from({ length: 1000 }, (_, i) => i / 1000),
        downsampled: false,
      },
    ];
    const option = overlayOption([run('a', 1, 1), run('b', 1, 1), run('c', 1, 1)], series, 'val/accuracy');
    expect(option.series.map((s) => s.data.length)).toEqual([expect.any(Number), 3, 0]);
    expect(option.series[0].data.length).toBeLessThanOrEqual(300);
  });

  it('marks Pareto runs in the scatter and draws the front through them', () => {
    const option = tradeoffOption([run('a', 0.9, 0.3), run('b', 0.7, 0.2)]);
    expect(option.series[0].data).toEqual([[0.3, 0.9, 'a']]);
    expect((option.series[1].data as { symbolSize: number }[]).map((d) => d.symbolSize)).toEqual([16, 11]);
  });
});
