import { checkExamples, checkPair, ratio, scaledUnbiasedHsic } from './linear-cka.js';
import { centreColumns, type Matrix, type MatrixInput, sameValues, toMatrix } from './matrix.js';
import { type CkaBackend, ckaSums, resolveBackend } from './products.js';

/** Options for {@link MinibatchCka} and {@link minibatchLinearCka}. */
export interface MinibatchCkaOptions {
  /** Examples per minibatch, at least 4. Rows are regrouped into batches of exactly this size. */
  batchSize: number;
  /** Where the matrix products run; see {@link CkaBackend}. Default `'auto'`. */
  backend?: CkaBackend;
}

/**
 * Minibatch linear CKA (Nguyen et al. 2021): sums the unbiased HSIC estimates
 * HSIC(K, L), HSIC(K, K) and HSIC(L, L) over minibatches of equal size and
 * returns ΣHSIC(K, L) / sqrt(ΣHSIC(K, K) · ΣHSIC(L, L)). Memory stays
 * O(batchSize · width) however large the probe set, and the estimate does not
 * depend on how many batches there are.
 *
 * Rows may be added in chunks of any size; they are regrouped into batches of
 * `batchSize`, and a last partial batch is dropped (it would need a different
 * normalisation). With one batch holding every example the result equals
 * `linearCka(x, y, { debiased: true })`. Clamped to [-1, 1]; exactly 1 when every
 * added x equalled its y; 0 when the accumulated x or y has no variance.
 *
 * @example
 * const cka = new MinibatchCka({ batchSize: 256 });
 * for (const batch of probeBatches) {
 *   cka.add(
 *     { data: sourceActs(batch), rows: batch.size, cols: 512 },
 *     { data: tunedActs(batch), rows: batch.size, cols: 512 },
 *   );
 * }
 * const similarity = cka.value();
 */
export class MinibatchCka {
  private readonly batchSize: number;
  private readonly backend: CkaBackend;
  private xCols = -1;
  private yCols = -1;
  private xBuffer = new Float64Array(0);
  private yBuffer = new Float64Array(0);
  private buffered = 0;
  private hsicXY = 0;
  private hsicXX = 0;
  private hsicYY = 0;
  private batchCount = 0;
  private identical = true;

  constructor(options: MinibatchCkaOptions) {
    const { batchSize } = options;
    if (!Number.isInteger(batchSize))
      throw new Error(`minibatch CKA batchSize must be an integer, got ${batchSize}`);
    checkExamples(batchSize);
    this.batchSize = batchSize;
    this.backend = options.backend ?? 'auto';
  }

  /** Full batches accumulated so far. */
  get batches(): number {
    return this.batchCount;
  }

  /** Rows waiting for a full batch; dropped if no more rows come. */
  get pendingRows(): number {
    return this.buffered;
  }

  /**
   * Adds activations for some examples: x and y need the same number of rows
   * (any number, including fewer than `batchSize`) and the widths of the first call.
   */
  add(x: MatrixInput, y: MatrixInput): void {
    const [mx, my] = checkChunk(x, y);
    if (mx.rows === 0) return;
    if (this.xCols < 0) {
      this.xCols = mx.cols;
      this.yCols = my.cols;
      this.xBuffer = new Float64Array(this.batchSize * mx.cols);
      this.yBuffer = new Float64Array(this.batchSize * my.cols);
    } else if (mx.cols !== this.xCols || my.cols !== this.yCols) {
      throw new Error(
        `minibatch CKA: widths changed from ${this.xCols} and ${this.yCols} to ${mx.cols} and ${my.cols}`,
      );
    }
    if (this.identical && !sameValues(mx, my)) this.identical = false;
    for (let i = 0; i < mx.rows; i++) {
      copyRow(mx, i, this.xBuffer, this.buffered);
      copyRow(my, i, this.yBuffer, this.buffered);
      if (++this.buffered === this.batchSize) this.flush();
    }
  }

  /** The CKA estimate over the full batches so far; throws before the first full batch. */
  value(): number {
    if (this.batchCount === 0) {
      throw new Error(
        `minibatch CKA needs at least one full batch of ${this.batchSize} examples, got ${this.buffered}`,
      );
    }
    if (this.hsicXX <= 0 || this.hsicYY <= 0) return 0;
    if (this.identical) return 1;
    return ratio(this.hsicXY, this.hsicXX, this.hsicYY, -1);
  }

  private flush(): void {
    const n = this.batchSize;
    const backend = resolveBackend(this.backend, n, this.xCols, this.yCols);
    const precision = backend === 'tfjs' ? 'float32' : 'float64';
    const cx = centreColumns(flat(this.xBuffer, n, this.xCols), precision);
    const cy = centreColumns(flat(this.yBuffer, n, this.yCols), precision);
    this.buffered = 0;
    this.batchCount++;
    // A constant batch contributes exactly 0 to every HSIC it is part of (its sums are all 0).
    if (cx.zero && cy.zero) return;
    const s = ckaSums(cx, cy, backend);
    // Undo the power-of-two scaling (exact) so batches with different scales add up.
    const ux = 1 / (cx.scale * cx.scale);
    const uy = 1 / (cy.scale * cy.scale);
    const norm = n * (n - 3);
    this.hsicXY += (scaledUnbiasedHsic(s.xy, s.diagXY, s.traceX * s.traceY, n) * ux * uy) / norm;
    this.hsicXX += (scaledUnbiasedHsic(s.xx, s.diagXX, s.traceX * s.traceX, n) * ux * ux) / norm;
    this.hsicYY += (scaledUnbiasedHsic(s.yy, s.diagYY, s.traceY * s.traceY, n) * uy * uy) / norm;
  }
}

/**
 * Minibatch linear CKA over a whole probe set: splits x and y into consecutive
 * batches of `batchSize` rows (dropping a last partial batch) and accumulates
 * them with {@link MinibatchCka}.
 *
 * @example
 * const similarity = minibatchLinearCka(sourceActs, tunedActs, { batchSize: 256 });
 */
export function minibatchLinearCka(x: MatrixInput, y: MatrixInput, options: MinibatchCkaOptions): number {
  checkPair(x, y);
  const cka = new MinibatchCka(options);
  cka.add(x, y);
  return cka.value();
}

function checkChunk(x: MatrixInput, y: MatrixInput): [Matrix, Matrix] {
  // A chunk may be smaller than a batch, so only shapes are checked here.
  const mx = toMatrix(x, 'minibatch CKA x');
  const my = toMatrix(y, 'minibatch CKA y');
  if (mx.rows !== my.rows) {
    throw new Error(
      `minibatch CKA needs the same number of examples in x and y, got ${mx.rows} and ${my.rows}`,
    );
  }
  if (mx.rows > 0 && (mx.cols === 0 || my.cols === 0)) {
    throw new Error(`minibatch CKA needs at least one feature, got ${mx.cols} in x and ${my.cols} in y`);
  }
  return [mx, my];
}

function copyRow(m: Matrix, i: number, out: Float64Array, row: number): void {
  const cols = m.cols;
  const src = m.flat ?? m.rowArrays![i];
  const off = m.flat ? i * cols : 0;
  const o = row * cols;
  for (let j = 0; j < cols; j++) out[o + j] = src[off + j];
}

function flat(data: Float64Array, rows: number, cols: number): Matrix {
  return { rows, cols, flat: data, rowArrays: undefined };
}
