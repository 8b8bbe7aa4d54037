/** A point of a line: [epoch, value]. */
export type Point = [number, number];

/**
 * At most `maxPoints` points, keeping each bucket's lowest and highest value in
 * epoch order (the server's metricSeries rule), so spikes survive downsampling.
 * The first and last points are always kept.
 */
export function downsampleMinMax(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints || maxPoints < 4) return points.slice();
  const first = points[0];
  const last = points[points.length - 1];
  const inner = points.slice(1, -1);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const size = inner.length / buckets;
  const kept: Point[] = [first];
  for (let b = 0; b < buckets; b++) {
    const bucket = inner.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (bucket.length === 0) continue;
    let low = bucket[0];
    let high = bucket[0];
    for (const point of bucket) {
      if (point[1] < low[1]) low = point;
      if (point[1] > high[1]) high = point;
    }
    if (low === high) kept.push(low);
    else kept.push(...(low[0] < high[0] ? [low, high] : [high, low]));
  }
  kept.push(last);
  return kept;
}

/**
 * Mean of each of at most `maxBuckets` equal spans of `values` (for heatmap
 * columns, where one cell stands for several epochs). Returns each span's
 * first index and mean.
 */
export function bucketMeans(
  values: readonly number[],
  maxBuckets: number,
): { start: number; mean: number }[] {
  const buckets = Math.min(values.length, Math.max(1, maxBuckets));
  const size = values.length / buckets;
  const out: { start: number; mean: number }[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.floor((b + 1) * size);
    let sum = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      if (Number.isFinite(values[i])) {
        sum += values[i];
        count++;
      }
    }
    out.push({ start, mean: count ? sum / count : NaN });
  }
  return out;
}
