import { describe, expect, it } from 'vitest';
import { bucketOf, downsampleMinMax, type SeriesColumns } from './downsample.js';

function series(values: number[], firstEpoch = 1): SeriesColumns {
  return { epochs: values.map((_, i) => firstEpoch + i), values };
}

/** A deterministic wiggly series with spikes, so buckets have clear minima and maxima. */
function wiggly(count: number): SeriesColumns {
  return series(Array.from({ length: count }, (_, i) => Math.sin(i / 7) + (i % 97 === 13 ? 5 : 0)));
}

describe('downsampleMinMax', () => {
  it('returns a series of at most maxPoints points unchanged', () => {
    const short = wiggly(500);
    expect(downsampleMinMax(short, 500)).toBe(short);
  });

  it('never returns more than maxPoints points, in epoch order', () => {
    for (const maxPoints of [2, 3, 10, 99, 500]) {
      const result = downsampleMinMax(wiggly(5000), maxPoints);
      expect(result.epochs.length).toBeLessThanOrEqual(maxPoints);
      expect(result.epochs).toEqual([...result.epochs].sort((a, b) => a - b));
      expect(new Set(result.epochs).size).toBe(result.epochs.length);
    }
  });

  it("keeps every bucket's lowest and highest point, so spikes survive", () => {
    const input = wiggly(1000);
    const maxPoints = 50;
    const result = downsampleMinMax(input, maxPoints);
    const kept = new Set(result.epochs);
    const buckets = new Map<number, number[]>();
    input.epochs.forEach((epoch, i) => {
      const b = bucketOf(epoch, 1, 1000, maxPoints / 2);
      buckets.set(b, [...(buckets.get(b) ?? []), i]);
    });
    expect(buckets.size).toBe(25);
    for (const indices of buckets.values()) {
      const values = indices.map((i) => input.values[i]);
      const lowest = indices[values.indexOf(Math.min(...values))];
      const highest = indices[values.indexOf(Math.max(...values))];
      expect(kept.has(input.epochs[lowest])).toBe(true);
      expect(kept.has(input.epochs[highest])).toBe(true);
    }
    expect(Math.max(...result.values)).toBe(Math.max(...input.values));
    expect(Math.min(...result.values)).toBe(Math.min(...input.values));
  });

  it('takes the earliest point on ties and keeps one point for a flat bucket', () => {
    expect(downsampleMinMax(series([3, 3, 3, 3]), 2)).toEqual({ epochs: [1], values: [3] });
    expect(downsampleMinMax(series([1, 5, 1, 5]), 2)).toEqual({ epochs: [1, 2], values: [1, 5] });
  });

  it('splits the epoch range, not the point count, into buckets', () => {
    // Epochs 1–4 and 100: two buckets of 50 epochs; the second holds only epoch 100.
    const sparse = { epochs: [1, 2, 3, 4, 100], values: [4, 1, 9, 2, 7] };
    expect(downsampleMinMax(sparse, 4)).toEqual({ epochs: [2, 3, 100], values: [1, 9, 7] });
  });
});
