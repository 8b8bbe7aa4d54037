/**
 * Class imbalance: subsample a training split so class sizes decay
 * geometrically from the first class to the last (the long-tailed CIFAR-10
 * recipe of Cao et al. 2019), `n_k = n_0 · ratio^(−k/(K−1))`.
 */
import type { Rng } from '../../util/rng.js';

/**
 * How many examples of each class to keep: geometric from the largest (class
 * 0) to the smallest (class K−1) at `ratio`, as many as the available counts
 * allow, or `total` in all when given (and possible). Every class keeps at least one.
 *
 * @example
 * imbalancedCounts([400, 400, 400], 4); // [400, 200, 100]
 * imbalancedCounts([400, 400, 400], 4, 70); // [40, 20, 10]
 */
export function imbalancedCounts(available: readonly number[], ratio: number, total?: number): number[] {
  const classes = available.length;
  if (!(ratio >= 1)) throw new RangeError(`imbalance ratio must be ≥ 1, got ${ratio}`);
  const weights = available.map((_, k) => (classes === 1 ? 1 : ratio ** (-k / (classes - 1))));
  let largest = Math.min(...available.map((count, k) => count / weights[k]));
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total !== undefined) largest = Math.min(largest, total / sum);
  const targets = weights.map((w) => largest * w);
  const counts = targets.map((t, k) => Math.min(available[k], Math.max(1, Math.floor(t + 1e-9))));
  if (total !== undefined) {
    // Largest remainders first, so the total comes out exact when the data allow it.
    const want = Math.min(total, Math.round(targets.reduce((a, b) => a + b, 0)));
    const order = targets.map((t, k) => k).sort((a, b) => targets[b] - counts[b] - (targets[a] - counts[a]));
    let missing = want - counts.reduce((a, b) => a + b, 0);
    for (const k of order) {
      if (missing <= 0) break;
      if (counts[k] < available[k]) {
        counts[k]++;
        missing--;
      }
    }
  } else {
    for (let k = 0; k < classes; k++) counts[k] = Math.min(available[k], Math.max(1, Math.round(targets[k])));
  }
  return counts;
}

/**
 * Rows of a split to keep for an imbalanced copy: within each class a seeded
 * random subset of the wanted size, returned in the split's own order (so a
 * shuffled split stays shuffled).
 *
 * @example
 * const rows = imbalancedRows(train.labels, 10, 10, rng); // ratio 10:1
 */
export function imbalancedRows(
  labels: Int32Array,
  classes: number,
  ratio: number,
  rng: Rng,
  total?: number,
): number[] {
  const rowsByClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, row) => rowsByClass[label].push(row));
  const present = rowsByClass.map((rows) => rows.length);
  if (present.some((n) => n === 0)) {
    throw new RangeError(
      `cannot make an imbalanced copy: class ${present.indexOf(0)} has no training examples`,
    );
  }
  const counts = imbalancedCounts(present, ratio, total);
  const keep = new Uint8Array(labels.length);
  rowsByClass.forEach((rows, k) => {
    for (const row of rng.shuffle(rows.slice()).slice(0, counts[k])) keep[row] = 1;
  });
  const kept: number[] = [];
  for (let row = 0; row < keep.length; row++) if (keep[row]) kept.push(row);
  return kept;
}
