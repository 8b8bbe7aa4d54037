/** Mean ± standard deviation over seeds, and the study's rule for when a difference counts. */

export interface Stat {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  n: number;
  values: number[];
}

/**
 * @example
 * summarise([0.9, 0.92, 0.91]); // { mean: 0.91, std: 0.01, n: 3, … }
 */
export function summarise(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0, values: [] };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), n, values: [...values] };
}

/**
 * Whether two results differ by more than the seeds' spread: |mean_a − mean_b|
 * greater than std_a + std_b. With 3 seeds this is conservative (roughly: the
 * one-sigma bands do not touch), and it is the only rule findings use.
 */
export function separated(a: Stat, b: Stat): boolean {
  return Number.isFinite(a.mean) && Number.isFinite(b.mean) && Math.abs(a.mean - b.mean) > a.std + b.std;
}

/**
 * A per-seed paired difference (e.g. best − last epoch of the same runs) that
 * exceeds its own spread and is at least `minimum` (default 1 point), so a
 * 0.2 ± 0.1 point wobble is not reported as an effect.
 */
export function pairedPositive(differences: Stat, minimum = 0.01): boolean {
  return differences.n > 0 && differences.mean >= minimum && differences.mean > differences.std;
}

/** `0.912 ± 0.004` (accuracies and CKA as fractions). */
export function formatStat(stat: Stat | undefined, digits = 3): string {
  if (!stat || !Number.isFinite(stat.mean)) return 'n/a';
  return `${stat.mean.toFixed(digits)} ± ${stat.std.toFixed(digits)}`;
}

/** Percentage points with a sign, e.g. `+4.1 pt`. */
export function formatPoints(delta: number): string {
  const points = delta * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pt`;
}

/** One accuracy as a percentage, e.g. `98.8 %`. */
export function formatPercentOne(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : 'n/a';
}

/** Accuracy as a percentage with its spread, e.g. `91.2 ± 0.4 %`. */
export function formatPercent(stat: Stat | undefined): string {
  if (!stat || !Number.isFinite(stat.mean)) return 'n/a';
  return `${(stat.mean * 100).toFixed(1)} ± ${(stat.std * 100).toFixed(1)} %`;
}
