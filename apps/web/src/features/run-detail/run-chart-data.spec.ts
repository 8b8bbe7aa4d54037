import { describe, expect, it } from 'vitest';
import {
  blocksWith,
  ckaHeatmap,
  lineChartOption,
  linesOf,
  metricPoints,
  runChartKeys,
} from './run-chart-data';
import type { EpochRow } from './run-events-reducer';

const rows: EpochRow[] = Array.from({ length: 5 }, (_, i) => ({
  epoch: i + 1,
  metrics: {
    'train/loss': 1 / (i + 1),
    'similarity/cka/head': 1 - i / 10,
    'similarity/cka/conv1': 1 - i / 100,
    'similarity/cka/conv2': 1 - i / 50,
    'system/backend': 'cpu',
  },
}));

describe('run chart data', () => {
  it('asks metricSeries for the headline metrics and each block’s CKA and drift', () => {
    const keys = runChartKeys(['conv1', 'head']);
    expect(keys).toContain('val/accuracy_clean');
    expect(keys).toContain('similarity/cka/conv1');
    expect(keys).toContain('similarity/weight_drift/head');
  });

  it('orders blocks input → head as the source model lists them', () => {
    expect(blocksWith(rows, 'similarity/cka/', ['conv1', 'conv2', 'head'])).toEqual([
      'conv1',
      'conv2',
      'head',
    ]);
    expect(blocksWith(rows, 'similarity/cka/')).toEqual(['conv1', 'conv2', 'head']);
  });

  it('draws numeric values only, downsampled to the point budget', () => {
    expect(metricPoints(rows, 'system/backend')).toEqual([]);
    const long: EpochRow[] = Array.from({ length: 3000 }, (_, i) => ({
      epoch: i + 1,
      metrics: { 'train/loss': i },
    }));
    expect(metricPoints(long, 'train/loss', 100).length).toBeLessThanOrEqual(100);
  });

  it('leaves out lines without points and shows symbols on short series', () => {
    const lines = linesOf(rows, [
      { key: 'train/loss', label: 'train' },
      { key: 'val/loss', label: 'val' },
    ]);
    expect(lines.map((l) => l.name)).toEqual(['train']);
    expect(lineChartOption(lines).series[0]).toMatchObject({ type: 'line', showSymbol: true });
  });

  it('builds a block × epoch heatmap, averaging epochs into at most maxColumns columns', () => {
    const full = ckaHeatmap(rows, ['conv1', 'head']);
    expect(full.columns).toEqual(['1', '2', '3', '4', '5']);
    expect(full.cells).toContainEqual([4, 1, 0.6]);
    const narrow = ckaHeatmap(rows, ['conv1', 'head'], 2);
    expect(narrow.columns).toEqual(['1–2', '3–5']);
    expect(narrow.cells).toHaveLength(4);
    expect(narrow.cells[0][2]).toBeCloseTo(0.995);
  });
});
