/**
 * Relative weight drift of a layer from its source: ‖w − w₀‖ / ‖w₀‖, with the
 * norms taken over all of the layer's weight arrays together (kernel, bias, …)
 * and accumulated in float64. Returns 0 when nothing changed (even if the
 * source is all zeros) and Infinity when the source norm is 0 but the weights moved.
 *
 * @example
 * weightDrift(tunedLayer.getWeights().map((w) => w.dataSync() as Float32Array), sourceWeights);
 * weightDrift([new Float32Array([3, 4])], [new Float32Array([3, 0])]); // 4 / 3
 */
export function weightDrift(
  current: readonly ArrayLike<number>[],
  source: readonly ArrayLike<number>[],
): number {
  if (current.length !== source.length) {
    throw new Error(`weightDrift: ${current.length} weight arrays but the source has ${source.length}`);
  }
  let diff = 0;
  let norm = 0;
  for (let a = 0; a < current.length; a++) {
    const w = current[a];
    const w0 = source[a];
    if (w.length !== w0.length) {
      throw new Error(
        `weightDrift: weight array ${a} has ${w.length} values but the source has ${w0.length}`,
      );
    }
    for (let i = 0; i < w.length; i++) {
      const d = w[i] - w0[i];
      diff += d * d;
      norm += w0[i] * w0[i];
    }
  }
  if (diff === 0) return 0;
  return norm === 0 ? Infinity : Math.sqrt(diff / norm);
}

/**
 * Fraction of examples whose top-1 predictions agree, e.g. between a
 * fine-tuned model and its source on the same probe set.
 *
 * @example
 * predictionAgreement(argmaxRows(tunedProbs, n, classes), argmaxRows(sourceProbs, n, classes));
 * predictionAgreement([1, 2, 3, 4], [1, 2, 0, 4]); // 0.75
 */
export function predictionAgreement(
  a: Int32Array | readonly number[],
  b: Int32Array | readonly number[],
): number {
  if (a.length !== b.length) {
    throw new Error(`predictionAgreement: ${a.length} predictions vs ${b.length}`);
  }
  if (a.length === 0) throw new Error('predictionAgreement needs at least one prediction');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Index of the largest value in each row of a row-major rows×cols matrix
 * (class probabilities or logits). Ties go to the lowest index; NaN never wins,
 * and an all-NaN row gives 0.
 *
 * @example
 * argmaxRows(new Float32Array([0.1, 0.7, 0.2, 0.6, 0.3, 0.1]), 2, 3); // Int32Array [1, 0]
 */
export function argmaxRows(probs: Float32Array, rows: number, cols: number): Int32Array {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
    throw new Error(`argmaxRows: need rows ≥ 0 and cols ≥ 1, got ${rows} and ${cols}`);
  }
  if (probs.length !== rows * cols) {
    throw new Error(`argmaxRows: ${probs.length} values but the shape is ${rows}×${cols}`);
  }
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = probs[off + j];
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}
