/** Timing helpers and the Markdown report of `npm run bench -w @driftboard/server`. */

export interface Latency {
  p50: number;
  p95: number;
  calls: number;
}

/** The q-quantile (0..1) of `values` by the nearest-rank rule. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/** Runs `call` `warmup` times unmeasured, then `calls` times one after another, timing each. */
export async function measureLatency(
  calls: number,
  call: (index: number) => Promise<void>,
  warmup = 2,
): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await call(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), calls };
}

export interface ReportRow {
  measure: string;
  result: string;
  target: string;
  /** undefined: informational, no target. */
  met?: boolean;
}

export const ms = (value: number) => `${value.toFixed(0)} ms`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} points/s`;

export function latencyRow(measure: string, latency: Latency, targetP95Ms?: number): ReportRow {
  return {
    measure: `${measure} (${latency.calls} calls)`,
    result: `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}`,
    target: targetP95Ms === undefined ? '—' : `p95 ≤ ${targetP95Ms} ms`,
    met: targetP95Ms === undefined ? undefined : latency.p95 <= targetP95Ms,
  };
}

export function markdownTable(rows: ReportRow[]): string {
  const verdict = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'missed');
  return [
    '| Measure | Result | Target | |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.measure} | ${r.result} | ${r.target} | ${verdict(r.met)} |`),
  ].join('\n');
}
