import * as tf from '@tensorflow/tfjs-core';
import { type Centred, rowSquaredNorms } from './matrix.js';

/**
 * Where linear CKA's matrix products run.
 * - `'tfjs'`: `tf.matMul` on the active tfjs backend, in float32 (SIMD XNNPACK on wasm);
 *   centring and every sum stay in float64.
 * - `'float64'`: a blocked pure-JS float64 kernel; needs no tfjs backend.
 * - `'auto'` (default): `'tfjs'` when a tfjs backend is initialised, it is not the
 *   pure-JS `'cpu'` backend (whose float32 matMul is slower than the float64 kernel),
 *   and the products need more than 2²⁴ multiply-adds; else `'float64'`.
 */
export type CkaBackend = 'auto' | 'tfjs' | 'float64';

/**
 * The sums biased and debiased linear CKA are built from, for column-centred X
 * and Y with Gram matrices K = XXᵀ and L = YYᵀ.
 */
export interface CkaSums {
  /** ‖YᵀX‖²_F = tr(KL). */
  xy: number;
  /** ‖XᵀX‖²_F = tr(KK). */
  xx: number;
  /** ‖YᵀY‖²_F = tr(LL). */
  yy: number;
  /** Σᵢ KᵢᵢLᵢᵢ. */
  diagXY: number;
  /** Σᵢ Kᵢᵢ². */
  diagXX: number;
  /** Σᵢ Lᵢᵢ². */
  diagYY: number;
  /** tr K = ‖X‖²_F. */
  traceX: number;
  /** tr L = ‖Y‖²_F. */
  traceY: number;
}

interface Products {
  /** X Xᵀ (rows×rows), row-major. */
  gram(m: Centred): ArrayLike<number>;
  /** Xᵀ Y (x.cols×y.cols), row-major. */
  cross(x: Centred, y: Centred): ArrayLike<number>;
}

// Below this many multiply-adds the float64 kernel takes a few milliseconds, so
// 'auto' keeps full precision (float32 products lose digits when d ≫ n).
const SMALL_PRODUCT = 1 << 24;

/**
 * Turns `'auto'` into a concrete backend for an n×dx, n×dy pair; throws if
 * `'tfjs'` is asked for before tfjs is ready.
 */
export function resolveBackend(choice: CkaBackend, n: number, dx: number, dy: number): 'tfjs' | 'float64' {
  if (choice === 'float64') return 'float64';
  const name = tf.getBackend() as string | null | undefined;
  // `registry` holds only backends whose (possibly async) initialisation finished.
  const ready = name != null && tf.engine().registry[name] != null;
  if (choice === 'tfjs') {
    if (!ready) {
      throw new Error(
        "linear CKA backend 'tfjs' needs an initialised tfjs backend: await selectBackend() first",
      );
    }
    return 'tfjs';
  }
  const plan = planProducts(n, dx, dy);
  return ready && name !== 'cpu' && plan.cost > SMALL_PRODUCT ? 'tfjs' : 'float64';
}

/**
 * The cheaper way to get the sums: the Gram form (K and L, n²(dx+dy)
 * multiply-adds) or the feature form (XᵀY, then XᵀX and YᵀY each in its own
 * cheaper form).
 */
function planProducts(n: number, dx: number, dy: number): { gram: boolean; cost: number } {
  const selfCost = (d: number) => Math.min(n * n * d, n * d * d);
  const gramCost = n * n * (dx + dy);
  const featureCost = n * dx * dy + selfCost(dx) + selfCost(dy);
  return gramCost <= featureCost ? { gram: true, cost: gramCost } : { gram: false, cost: featureCost };
}

/** Computes {@link CkaSums} with whichever of the Gram and feature forms is cheaper. */
export function ckaSums(x: Centred, y: Centred, backend: 'tfjs' | 'float64'): CkaSums {
  const p = backend === 'tfjs' ? tfjsProducts : float64Products();
  const n = x.rows;

  const dx = rowSquaredNorms(x);
  const dy = rowSquaredNorms(y);
  let diagXY = 0;
  let diagXX = 0;
  let diagYY = 0;
  let traceX = 0;
  let traceY = 0;
  for (let i = 0; i < n; i++) {
    diagXY += dx[i] * dy[i];
    diagXX += dx[i] * dx[i];
    diagYY += dy[i] * dy[i];
    traceX += dx[i];
    traceY += dy[i];
  }

  let xy = 0;
  let xx = 0;
  let yy = 0;
  if (planProducts(n, x.cols, y.cols).gram) {
    const k = p.gram(x);
    const l = p.gram(y);
    // The diagonal comes from the float64 row norms instead: the debiased
    // estimator cancels it almost entirely when d ≫ n, which would magnify the
    // float32 product's rounding of it.
    for (let i = 0; i < n; i++) {
      for (let j = i * n, end = j + n, diag = j + i; j < end; j++) {
        if (j === diag) continue;
        const a = k[j];
        const b = l[j];
        xy += a * b;
        xx += a * a;
        yy += b * b;
      }
    }
    xy += diagXY;
    xx += diagXX;
    yy += diagYY;
  } else {
    xy = sumSquares(p.cross(x, y));
    const self = (m: Centred) =>
      sumSquares(n * n * m.cols <= n * m.cols * m.cols ? p.gram(m) : p.cross(m, m));
    xx = self(x);
    yy = self(y);
  }
  return { xy, xx, yy, diagXY, diagXX, diagYY, traceX, traceY };
}

function sumSquares(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

const tfjsProducts: Products = {
  gram(m) {
    return download(() => {
      const a = tf.tensor2d(asFloat32(m.data), [m.rows, m.cols]);
      // An explicit transpose: wasm's matMul with transposeB is several times slower.
      return tf.matMul(a, tf.transpose(a));
    });
  },
  cross(x, y) {
    return download(() => {
      const a = tf.tensor2d(asFloat32(x.data), [x.rows, x.cols]);
      const b = x === y ? a : tf.tensor2d(asFloat32(y.data), [y.rows, y.cols]);
      return tf.matMul(tf.transpose(a), b);
    });
  },
};

function asFloat32(a: Float32Array | Float64Array): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

function download(f: () => tf.Tensor): Float32Array {
  const t = tf.tidy(f);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Float64 products; transposes are cached per call because the feature form reuses them. */
function float64Products(): Products {
  const transposed = new Map<Centred, Float64Array>();
  const t = (m: Centred) => {
    let out = transposed.get(m);
    if (!out) {
      out = transpose(m.data, m.rows, m.cols);
      transposed.set(m, out);
    }
    return out;
  };
  return {
    gram: (m) => rowDots(asFloat64(m.data), m.rows, asFloat64(m.data), m.rows, m.cols, true),
    cross: (x, y) => rowDots(t(x), x.cols, t(y), y.cols, x.rows, x === y),
  };
}

function asFloat64(a: Float32Array | Float64Array): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[off + j];
  }
  return out;
}

// Length of the slice of each row kept hot in cache while a block of rows is swept.
const K_BLOCK = 256;

/**
 * out[i·rb + j] = Σₖ a[i·len + k]·b[j·len + k], in float64. A 4×2 register
 * block (8 accumulators) is what V8 keeps in registers without spilling; with
 * `symmetric` (a and b the same rows) only j ≥ i is computed and then mirrored.
 */
function rowDots(
  a: Float64Array,
  ra: number,
  b: Float64Array,
  rb: number,
  len: number,
  symmetric: boolean,
): Float64Array {
  const out = new Float64Array(ra * rb);
  for (let k0 = 0; k0 < len; k0 += K_BLOCK) {
    const k1 = Math.min(len, k0 + K_BLOCK);
    for (let i = 0; i < ra; i += 4) {
      // Past the last row, reuse it: the sums are computed but never stored.
      const a0 = i * len;
      const a1 = Math.min(i + 1, ra - 1) * len;
      const a2 = Math.min(i + 2, ra - 1) * len;
      const a3 = Math.min(i + 3, ra - 1) * len;
      for (let j = symmetric ? i : 0; j < rb; j += 2) {
        const b0 = j * len;
        const b1 = Math.min(j + 1, rb - 1) * len;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        let s20 = 0;
        let s21 = 0;
        let s30 = 0;
        let s31 = 0;
        for (let k = k0; k < k1; k++) {
          const y0 = b[b0 + k];
          const y1 = b[b1 + k];
          let v = a[a0 + k];
          s00 += v * y0;
          s01 += v * y1;
          v = a[a1 + k];
          s10 += v * y0;
          s11 += v * y1;
          v = a[a2 + k];
          s20 += v * y0;
          s21 += v * y1;
          v = a[a3 + k];
          s30 += v * y0;
          s31 += v * y1;
        }
        const hasJ1 = j + 1 < rb;
        let o = i * rb + j;
        out[o] += s00;
        if (hasJ1) out[o + 1] += s01;
        if (i + 1 < ra) {
          o += rb;
          out[o] += s10;
          if (hasJ1) out[o + 1] += s11;
        }
        if (i + 2 < ra) {
          o += rb;
          out[o] += s20;
          if (hasJ1) out[o + 1] += s21;
        }
        if (i + 3 < ra) {
          o += rb;
          out[o] += s30;
          if (hasJ1) out[o + 1] += s31;
        }
      }
    }
  }
  if (symmetric) {
    // The diagonal blocks also filled some entries below the diagonal; overwrite all of them.
    for (let i = 1; i < ra; i++) for (let j = 0; j < i; j++) out[i * rb + j] = out[j * rb + i];
  }
  return out;
}
