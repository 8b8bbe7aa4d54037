import { describe, expect, it } from 'vitest';
import { bucketMeans, downsampleMinMax, type Point } from './downsample';

const line = (n: number, f: (i: number) => number): Point[] => Array.from({ length: n }, (_, i) => [i, f(i)]);

describe('downsampleMinMax', () => {
  it('returns short series unchanged', () => {
    const points = line(10, (i) => i);
    expect(downsampleMinMax(points, 100)).toEqual(points);
  });

  it('keeps at most maxPoints points, the first and the last, in epoch order', () => {
    const points = line(10_000, (i) => Math.sin(i / 50));
    const kept = downsampleMinMax(points, 200);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept[0]).toEqual(points[0]);
    expect(kept.at(-1)).toEqual(points.at(-1));
    const epochs = kept.map((p) => p[0]);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
  });

  it('keeps a one-epoch spike that averaging would hide', () => {
    const points = line(5000, (i) => (i === 2345 ? 99 : 1));
    expect(downsampleMinMax(points, 100).some(([epoch, value]) => epoch === 2345 && value === 99)).toBe(true);
  });
});

describe('bucketMeans', () => {
  it('averages equal spans and skips missing values', () => {
    expect(bucketMeans([1, 3, 5, NaN], 2)).toEqual([
      { start: 0, mean: 2 },
      { start: 2, mean: 5 },
    ]);
  });
  it('gives one bucket per value when there are few', () => {
    expect(bucketMeans([0.5, 0.6], 60).map((b) => b.mean)).toEqual([0.5, 0.6]);
  });
});
