import { describe, expect, it } from 'vitest';
import { Rng } from '../../util/rng.js';
import { imbalancedCounts, imbalancedRows } from './imbalance.js';

describe('class imbalance', () => {
  it('decays class sizes geometrically from the first class to the last', () => {
    expect(imbalancedCounts([400, 400, 400], 4)).toEqual([400, 200, 100]);
    expect(imbalancedCounts([400, 400, 400, 400, 400], 16)).toEqual([400, 200, 100, 50, 25]);
    // The scarcest class relative to its share limits the largest.
    expect(imbalancedCounts([100, 400, 400], 4)).toEqual([100, 50, 25]);
    expect(imbalancedCounts([400, 400, 400], 1)).toEqual([400, 400, 400]);
  });

  it('hits a requested total exactly when the data allow it', () => {
    expect(imbalancedCounts([400, 400, 400], 4, 70)).toEqual([40, 20, 10]);
    const counts = imbalancedCounts(Array(10).fill(400), 10, 100);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
    // Each class within one example of 100 · 10^(−k/9) / Σ: rounding is all that bends the ratio.
    const weights = counts.map((_, k) => 10 ** (-k / 9));
    const sum = weights.reduce((a, b) => a + b, 0);
    counts.forEach((count, k) => expect(Math.abs(count - (100 * weights[k]) / sum)).toBeLessThan(1));
  });

  it('keeps a seeded subset of each class in the split’s own order', () => {
    const labels = Int32Array.from({ length: 300 }, (_, i) => i % 3);
    const rows = imbalancedRows(labels, 3, 4, Rng.fromSeed(1));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    const perClass = [0, 1, 2].map((c) => rows.filter((row) => labels[row] === c).length);
    expect(perClass).toEqual([100, 50, 25]);
    expect(imbalancedRows(labels, 3, 4, Rng.fromSeed(1))).toEqual(rows);
    expect(imbalancedRows(labels, 3, 4, Rng.fromSeed(2))).not.toEqual(rows);
    expect(() => imbalancedRows(Int32Array.from([0, 0, 2]), 3, 4, Rng.fromSeed(1))).toThrow(
      'class 1 has no training examples',
    );
  });
});
