/**
 * A row-major matrix stored flat: element (i, j) is `data[i * cols + j]`.
 *
 * @example
 * const m: DenseMatrix = { data: new Float32Array([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 };
 */
export interface DenseMatrix {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Activations for similarity metrics, one row per example: either an array of
 * rows (`number[][]`, `Float32Array[]`, …) or a flat row-major {@link DenseMatrix}.
 */
export type MatrixInput = readonly ArrayLike<number>[] | DenseMatrix;

/** A validated input; rows are read in place, never copied. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** The flat data, or undefined when the input was an array of rows. */
  readonly flat: ArrayLike<number> | undefined;
  readonly rowArrays: readonly ArrayLike<number>[] | undefined;
}

/** Column-centred data times `scale`, in the precision the products run in. */
export interface Centred {
  readonly data: Float32Array | Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** A power of two, so scaling is exact in float64 and can be undone exactly. */
  readonly scale: number;
  /** True when every column is constant, i.e. the centred matrix is exactly zero. */
  readonly zero: boolean;
}

/** Validates an input and wraps it without copying. `what` names it in errors. */
export function toMatrix(input: MatrixInput, what: string): Matrix {
  if (Array.isArray(input)) {
    const rowArrays = input as readonly ArrayLike<number>[];
    const cols = rowArrays.length > 0 ? rowArrays[0].length : 0;
    for (let i = 0; i < rowArrays.length; i++) {
      if (rowArrays[i].length !== cols) {
        throw new Error(`${what}: row ${i} has ${rowArrays[i].length} values but row 0 has ${cols}`);
      }
    }
    return { rows: rowArrays.length, cols, flat: undefined, rowArrays };
  }
  const { data, rows, cols } = input as DenseMatrix;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new Error(`${what}: rows and cols must be non-negative integers, got ${rows} and ${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new Error(`${what}: data has ${data.length} values but the shape is ${rows}×${cols}`);
  }
  return { rows, cols, flat: data, rowArrays: undefined };
}

/** True when both matrices have the same shape and equal values (NaN never equals). */
export function sameValues(x: Matrix, y: Matrix): boolean {
  if (x.rows !== y.rows || x.cols !== y.cols) return false;
  if (
    (x.flat !== undefined && x.flat === y.flat) ||
    (x.rowArrays !== undefined && x.rowArrays === y.rowArrays)
  ) {
    // Same storage; still NaN-aware, so a NaN input cannot report 1.
    return !hasNaN(x);
  }
  const cols = x.cols;
  for (let i = 0; i < x.rows; i++) {
    const xs = x.flat ?? x.rowArrays![i];
    const ys = y.flat ?? y.rowArrays![i];
    const xo = x.flat ? i * cols : 0;
    const yo = y.flat ? i * cols : 0;
    for (let j = 0; j < cols; j++) if (xs[xo + j] !== ys[yo + j]) return false;
  }
  return true;
}

function hasNaN(m: Matrix): boolean {
  for (let i = 0; i < m.rows; i++) {
    const src = m.flat ?? m.rowArrays![i];
    const off = m.flat ? i * m.cols : 0;
    for (let j = 0; j < m.cols; j++) if (Number.isNaN(src[off + j])) return true;
  }
  return false;
}

/**
 * Subtracts the column means (accumulated in float64) and scales by a power of
 * two so the largest magnitude is in (0.5, 1]: float32 products then neither
 * overflow nor underflow, and CKA is invariant to the scale anyway.
 */
export function centreColumns(m: Matrix, precision: 'float32' | 'float64'): Centred {
  const { rows, cols } = m;
  const mean = new Float64Array(cols);
  const lo = new Float64Array(cols).fill(Infinity);
  const hi = new Float64Array(cols).fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    const src = m.flat ?? m.rowArrays![i];
    const off = m.flat ? i * cols : 0;
    for (let j = 0; j < cols; j++) {
      const v = src[off + j];
      mean[j] += v;
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  // Any NaN or infinity leaves a non-finite mean; skip scaling so it propagates.
  let finite = true;
  let maxAbs = 0;
  for (let j = 0; j < cols; j++) {
    // Clamping puts a constant column's mean exactly on its value, so it centres
    // to exactly 0 (a summed mean of 0.1s is not exactly 0.1).
    const mu = Math.min(hi[j], Math.max(lo[j], mean[j] / rows));
    if (!Number.isFinite(mean[j])) finite = false;
    mean[j] = mu;
    maxAbs = Math.max(maxAbs, hi[j] - mu, mu - lo[j]);
  }
  const zero = finite && maxAbs === 0;
  const scale =
    zero || !finite ? 1 : Math.pow(2, Math.max(-1000, Math.min(1000, -Math.ceil(Math.log2(maxAbs)))));

  const data = precision === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  if (!zero) {
    for (let i = 0; i < rows; i++) {
      const src = m.flat ?? m.rowArrays![i];
      const off = m.flat ? i * cols : 0;
      const out = i * cols;
      for (let j = 0; j < cols; j++) data[out + j] = (src[off + j] - mean[j]) * scale;
    }
  }
  return { data, rows, cols, scale, zero };
}

/** Squared norm of each row, in float64: the diagonal of the Gram matrix XXᵀ. */
export function rowSquaredNorms(c: Centred): Float64Array {
  const out = new Float64Array(c.rows);
  const { data, cols } = c;
  for (let i = 0; i < c.rows; i++) {
    let s = 0;
    const off = i * cols;
    for (let j = 0; j < cols; j++) s += data[off + j] * data[off + j];
    out[i] = s;
  }
  return out;
}
