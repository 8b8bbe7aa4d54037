import { describe, expect, it } from 'vitest';
import { latencyRow, markdownTable, quantile } from './measure.js';

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
    expect(quantile(values, 0.5)).toBe(10);
    expect(quantile(values, 0.95)).toBe(19);
    expect(quantile([7], 0.95)).toBe(7);
  });
});

describe('markdownTable', () => {
  it('says whether each target was met', () => {
    const table = markdownTable([
      latencyRow('fast', { p50: 10, p95: 20, calls: 20 }, 100),
      latencyRow('slow', { p50: 150, p95: 400, calls: 20 }, 300),
      latencyRow('info', { p50: 1, p95: 2, calls: 20 }),
    ]);
    expect(table.split('\n').slice(2)).toEqual([
      '| fast (20 calls) | p50 10 ms, p95 20 ms | p95 ≤ 100 ms | met |',
      '| slow (20 calls) | p50 150 ms, p95 400 ms | p95 ≤ 300 ms | missed |',
      '| info (20 calls) | p50 1 ms, p95 2 ms | — | — |',
    ]);
  });
});
