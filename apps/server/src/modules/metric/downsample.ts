/** A series as two parallel columns, in epoch order. */
export interface SeriesColumns {
  epochs: number[];
  values: number[];
}

/** How many buckets a series longer than `maxPoints` is split into: each keeps at most two points. */
export const bucketCount = (maxPoints: number): number => Math.floor(maxPoints / 2);

/**
 * The bucket of an epoch when [lo, hi] is cut into `buckets` equal spans:
 * integer arithmetic, so that it matches the SQL in metric.repository.ts exactly.
 */
export const bucketOf = (epoch: number, lo: number, hi: number, buckets: number): number =>
  Math.floor(((epoch - lo) * buckets) / (hi - lo + 1));

/**
 * The downsampling rule of `metricSeries`, as a reference for the SQL that
 * runs it (MLflow/W&B-style min-max sampling): a series of at most
 * `maxPoints` points comes back whole; a longer one is cut into
 * ⌊maxPoints/2⌋ equal epoch spans and each span keeps its lowest and its
 * highest point (the earliest on ties), so spikes survive and the result
 * never exceeds `maxPoints`. Input and output are in epoch order.
 *
 * @example
 * downsampleMinMax({ epochs: [1, 2, 3, 4], values: [5, 1, 9, 2] }, 2); // { epochs: [2, 3], values: [1, 9] }
 */
export function downsampleMinMax(series: SeriesColumns, maxPoints: number): SeriesColumns {
  const count = series.epochs.length;
  if (count <= maxPoints) return series;
  const lo = series.epochs[0];
  const hi = series.epochs[count - 1];
  const buckets = bucketCount(maxPoints);
  const keep = new Set<number>();
  let bucket = -1;
  let minIndex = 0;
  let maxIndex = 0;
  for (let i = 0; i <= count; i++) {
    const b = i < count ? bucketOf(series.epochs[i], lo, hi, buckets) : -2;
    if (b !== bucket) {
      if (bucket !== -1) keep.add(minIndex).add(maxIndex);
      bucket = b;
      minIndex = i;
      maxIndex = i;
    } else {
      if (series.values[i] < series.values[minIndex]) minIndex = i;
      if (series.values[i] > series.values[maxIndex]) maxIndex = i;
    }
  }
  const kept = [...keep].sort((a, b) => a - b);
  return { epochs: kept.map((i) => series.epochs[i]), values: kept.map((i) => series.values[i]) };
}
