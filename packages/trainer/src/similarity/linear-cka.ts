import { centreColumns, type Matrix, type MatrixInput, sameValues, toMatrix } from './matrix.js';
import { type CkaBackend, type CkaSums, ckaSums, resolveBackend } from './products.js';

/** Options for {@link linearCka}. */
export interface LinearCkaOptions {
  /**
   * Use the unbiased HSIC estimator (Song et al. 2012) instead of the biased
   * one, as in Kornblith et al.'s and Nguyen et al.'s code: Gram matrices get
   * zeroed diagonals, which removes the upward bias of CKA on small probe sets
   * with many features. The result can then be slightly negative; it is
   * clamped to [-1, 1]. Default false.
   */
  debiased?: boolean;
  /** Where the matrix products run; see {@link CkaBackend}. Default `'auto'`. */
  backend?: CkaBackend;
}

/**
 * Linear centred kernel alignment (Kornblith et al. 2019) between two sets of
 * activations for the same examples (rows):
 * CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) with column-centred X and Y.
 *
 * - x and y need the same number of rows (at least 4); their widths may differ.
 * - The result is in [0, 1] (biased) or [-1, 1] (debiased), and exactly 1 when
 *   x and y hold the same values (unless they are constant).
 * - A constant (zero-variance) x or y gives 0, not NaN: there is no signal to align.
 * - NaN or infinite inputs give NaN.
 * - Invariant to orthogonal transforms and isotropic scaling of x or y.
 *
 * Centring and all sums are float64; the products run on the active tfjs
 * backend in float32 or in a float64 JS kernel (see {@link CkaBackend}), using
 * the Gram form (n×n) or feature form (d×d), whichever is cheaper.
 *
 * @example
 * // Arrays of rows…
 * linearCka([[1, 2], [3, 1], [0, 5], [2, 2]], [[2, 0, 1], [6, 1, 1], [0, 2, 4], [4, 0, 0]]);
 * // …or flat row-major matrices, e.g. activations read from a tensor.
 * const source = { data: await sourceActs.data(), rows: 512, cols: 2048 };
 * const tuned = { data: await tunedActs.data(), rows: 512, cols: 2048 };
 * const similarity = linearCka(source, tuned, { debiased: true });
 */
export function linearCka(x: MatrixInput, y: MatrixInput, options: LinearCkaOptions = {}): number {
  const [mx, my] = checkPair(x, y);
  const debiased = options.debiased ?? false;
  const backend = resolveBackend(options.backend ?? 'auto', mx.rows, mx.cols, my.cols);
  const precision = backend === 'tfjs' ? 'float32' : 'float64';
  const cx = centreColumns(mx, precision);
  if (cx.zero) return 0;
  if (sameValues(mx, my)) return 1;
  const cy = centreColumns(my, precision);
  if (cy.zero) return 0;
  return ckaFromSums(ckaSums(cx, cy, backend), mx.rows, debiased);
}

/** Validates that x and y form a CKA pair and wraps them. */
export function checkPair(x: MatrixInput, y: MatrixInput): [Matrix, Matrix] {
  const mx = toMatrix(x, 'linear CKA x');
  const my = toMatrix(y, 'linear CKA y');
  if (mx.rows !== my.rows) {
    throw new Error(`linear CKA needs the same number of examples in x and y, got ${mx.rows} and ${my.rows}`);
  }
  checkExamples(mx.rows);
  if (mx.cols === 0 || my.cols === 0) {
    throw new Error(`linear CKA needs at least one feature, got ${mx.cols} in x and ${my.cols} in y`);
  }
  return [mx, my];
}

export function checkExamples(n: number): void {
  // The unbiased estimator divides by n - 3; keep one rule for both estimators.
  if (n <= 3) throw new Error(`linear CKA needs at least 4 examples, got ${n}`);
}

/**
 * n(n-3) times the unbiased HSIC estimate of Song et al. (2012), written with
 * the sums of {@link CkaSums} (centred features make K and L's row sums zero).
 */
export function scaledUnbiasedHsic(
  productSum: number,
  diagSum: number,
  traceProduct: number,
  n: number,
): number {
  return productSum - (n / (n - 2)) * diagSum + traceProduct / ((n - 1) * (n - 2));
}

function ckaFromSums(s: CkaSums, n: number, debiased: boolean): number {
  if (!debiased) return ratio(s.xy, s.xx, s.yy, 0);
  return ratio(
    scaledUnbiasedHsic(s.xy, s.diagXY, s.traceX * s.traceY, n),
    scaledUnbiasedHsic(s.xx, s.diagXX, s.traceX * s.traceX, n),
    scaledUnbiasedHsic(s.yy, s.diagYY, s.traceY * s.traceY, n),
    -1,
  );
}

/**
 * hsicXY / sqrt(hsicXX · hsicYY), clamped to [lower, 1] against rounding; 0 when
 * a normaliser is not positive (no variance). NaN passes through.
 */
export function ratio(hsicXY: number, hsicXX: number, hsicYY: number, lower: number): number {
  if (hsicXX <= 0 || hsicYY <= 0) return 0;
  const product = hsicXX * hsicYY;
  // sqrt of one product keeps h / sqrt(h·h) exactly 1; split only on overflow.
  const norm = Number.isFinite(product) ? Math.sqrt(product) : Math.sqrt(hsicXX) * Math.sqrt(hsicYY);
  return Math.min(1, Math.max(lower, hsicXY / norm));
}

/**
 * Linear CKA computed the plain way, in float64 with simple loops: centre the
 * columns, form K = XXᵀ and L = YYᵀ, then HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L))
 * with the biased estimator tr(KL) or, with `debiased`, the unbiased estimator
 * of Song et al. (2012) written out term by term. No clamping and no
 * identical-input shortcut; a constant input still gives 0. Slow (O(n²d)): for
 * tests and benchmarks.
 *
 * @example
 * expect(linearCka(x, y)).toBeCloseTo(linearCkaReference(x, y), 6);
 */
export function linearCkaReference(
  x: MatrixInput,
  y: MatrixInput,
  options: { debiased?: boolean } = {},
): number {
  const [mx, my] = checkPair(x, y);
  const k = referenceGram(mx);
  const l = referenceGram(my);
  const n = mx.rows;
  const hsic = options.debiased ? unbiasedHsicReference : biasedHsicReference;
  const hxy = hsic(k, l, n);
  const hxx = hsic(k, k, n);
  const hyy = hsic(l, l, n);
  if (hxx <= 0 || hyy <= 0) return 0;
  return hxy / Math.sqrt(hxx * hyy);
}

function referenceGram(m: Matrix): Float64Array {
  const { rows, cols } = m;
  const at = (i: number, j: number) => (m.flat ? m.flat[i * cols + j] : m.rowArrays![i][j]);
  const centred = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += at(i, j);
    mean /= rows;
    for (let i = 0; i < rows; i++) centred[i * cols + j] = at(i, j) - mean;
  }
  const gram = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += centred[i * cols + c] * centred[j * cols + c];
      gram[i * rows + j] = s;
    }
  }
  return gram;
}

function biasedHsicReference(k: Float64Array, l: Float64Array): number {
  let s = 0;
  for (let i = 0; i < k.length; i++) s += k[i] * l[i];
  return s;
}

/** Song et al. (2012), eq. 5, as in Nguyen et al.'s `unbiased_HSIC`. */
function unbiasedHsicReference(k0: Float64Array, l0: Float64Array, n: number): number {
  const k = Float64Array.from(k0);
  const l = Float64Array.from(l0);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = 0;
    l[i * n + i] = 0;
  }
  let trace = 0; // tr(KL)
  let sumK = 0; // 1ᵀK1
  let sumL = 0; // 1ᵀL1
  let sumKL = 0; // 1ᵀKL1
  const kRow = new Float64Array(n);
  const lCol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      trace += k[i * n + j] * l[j * n + i];
      sumK += k[i * n + j];
      sumL += l[i * n + j];
      kRow[j] += k[i * n + j]; // (1ᵀK)_j
      lCol[j] += l[j * n + i]; // (L1)_j
    }
  }
  for (let j = 0; j < n; j++) sumKL += kRow[j] * lCol[j];
  return (trace + (sumK * sumL) / ((n - 1) * (n - 2)) - (2 / (n - 2)) * sumKL) / (n * (n - 3));
}
