import { linearCka, linearCkaReference } from '../similarity/linear-cka.js';
import type { DenseMatrix } from '../similarity/matrix.js';
import { Rng } from '../util/rng.js';
import { median } from './throughput.js';

export interface CkaTiming {
  n: number;
  d: number;
  runs: number;
  medianMs: number;
  minMs: number;
  value: number;
  reference: number;
  /** max |linearCka − linearCkaReference| over the timed runs. */
  maxAbsError: number;
  referenceMs: number;
}

/**
 * Times `linearCka` (defaults: biased, 'auto' products) on two seeded n×d
 * float32 matrices, the shape activations arrive in, and compares it with the
 * float64 reference. y = 0.6·x + 0.8·noise, so the similarity is well inside
 * (0, 1) rather than near a clamp where errors would hide.
 */
export function timeLinearCka(n: number, d: number, runs = 7, seed = 1): CkaTiming {
  const rng = Rng.fromSeed(seed);
  const xs = new Float32Array(n * d);
  const ys = new Float32Array(n * d);
  for (let i = 0; i < xs.length; i++) {
    xs[i] = rng.normal();
    ys[i] = 0.6 * xs[i] + 0.8 * rng.normal();
  }
  const x: DenseMatrix = { data: xs, rows: n, cols: d };
  const y: DenseMatrix = { data: ys, rows: n, cols: d };

  const referenceStart = performance.now();
  const reference = linearCkaReference(x, y);
  const referenceMs = performance.now() - referenceStart;

  linearCka(x, y); // warm-up: first matMul on wasm sets up XNNPACK and grows the heap
  const times: number[] = [];
  let value = Number.NaN;
  let maxAbsError = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = linearCka(x, y);
    times.push(performance.now() - start);
    maxAbsError = Math.max(maxAbsError, Math.abs(value - reference));
  }
  return {
    n,
    d,
    runs,
    medianMs: median(times),
    minMs: Math.min(...times),
    value,
    reference,
    maxAbsError,
    referenceMs,
  };
}
