import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import { linearCka, linearCkaReference, type LinearCkaOptions } from './linear-cka.js';
import { MinibatchCka, minibatchLinearCka } from './minibatch-cka.js';

/** Test matrices are float64, so the helpers can use typed-array methods. */
interface F64Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

// mulberry32: a tiny seeded generator so every matrix here is fixed.
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  // Box–Muller; 1 - u keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function randomMatrix(seed: number, rows: number, cols: number, offset = 0): F64Matrix {
  const rand = mulberry32(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = gaussian(rand) + offset;
  return { data, rows, cols };
}

/** y = relu(x·W + noise): related to x, with a different width. */
function relatedMatrix(seed: number, x: F64Matrix, cols: number, noise: number): F64Matrix {
  const w = randomMatrix(seed, x.cols, cols);
  const e = randomMatrix(seed + 1, x.rows, cols);
  const data = new Float64Array(x.rows * cols);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = noise * e.data[i * cols + j];
      for (let k = 0; k < x.cols; k++) s += x.data[i * x.cols + k] * w.data[k * cols + j];
      data[i * cols + j] = Math.max(0, s) + 0.25;
    }
  }
  return { data, rows: x.rows, cols };
}

function toRows(m: F64Matrix): Float32Array[] {
  return Array.from({ length: m.rows }, (_, i) =>
    Float32Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );
}

function matMul(a: F64Matrix, b: F64Matrix): F64Matrix {
  const data = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) data[i * b.cols + j] += v * b.data[k * b.cols + j];
    }
  }
  return { data, rows: a.rows, cols: b.cols };
}

/** A random d×d orthogonal matrix: Gram–Schmidt on the rows of a Gaussian matrix. */
function randomOrthogonal(seed: number, d: number): F64Matrix {
  const q = Float64Array.from(randomMatrix(seed, d, d).data);
  for (let i = 0; i < d; i++) {
    for (let p = 0; p < i; p++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += q[i * d + k] * q[p * d + k];
      for (let k = 0; k < d; k++) q[i * d + k] -= dot * q[p * d + k];
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += q[i * d + k] ** 2;
    for (let k = 0; k < d; k++) q[i * d + k] /= Math.sqrt(norm);
  }
  return { data: q, rows: d, cols: d };
}

function scaled(m: F64Matrix, factor: number): F64Matrix {
  return { ...m, data: Float64Array.from(m.data, (v) => v * factor) };
}

/** Unbiased HSIC of Song et al. (2012) on one batch, straight from the formula. */
function unbiasedHsic(x: F64Matrix, y: F64Matrix): number {
  const n = x.rows;
  const gram = (m: F64Matrix) => {
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue; // zeroed diagonal
        for (let k = 0; k < m.cols; k++) g[i * n + j] += m.data[i * m.cols + k] * m.data[j * m.cols + k];
      }
    }
    return g;
  };
  const k = gram(x);
  const l = gram(y);
  let trace = 0;
  let sumK = 0;
  let sumL = 0;
  let sumKL = 0;
  for (let i = 0; i < n; i++) {
    let kRow = 0;
    let lRow = 0;
    for (let j = 0; j < n; j++) {
      trace += k[i * n + j] * l[i * n + j];
      sumK += k[i * n + j];
      sumL += l[i * n + j];
      kRow += k[i * n + j];
      lRow += l[i * n + j];
    }
    sumKL += kRow * lRow; // K and L are symmetric, so 1ᵀKL1 = Σᵢ (K1)ᵢ (L1)ᵢ
  }
  return (trace + (sumK * sumL) / ((n - 1) * (n - 2)) - (2 / (n - 2)) * sumKL) / (n * (n - 3));
}

function rowSlice(m: F64Matrix, start: number, end: number): F64Matrix {
  return {
    data: m.data.slice(start * m.cols, end * m.cols),
    rows: end - start,
    cols: m.cols,
  };
}

beforeAll(async () => {
  await selectBackend();
});

const backends = ['tfjs', 'float64'] as const;
// float32 products: agree with the float64 reference to ~1e-6; float64: to rounding.
const tolerance = { tfjs: 1e-5, float64: 1e-10 };

describe.each(backends)('linearCka on the %s backend', (backend) => {
  const tol = tolerance[backend];

  // Shapes cover the Gram form (d > n), the feature form (n > d), unequal widths
  // and sizes that are not multiples of the kernels' blocks.
  const shapes: [number, number, number][] = [
    [40, 90, 70],
    [97, 13, 29],
    [64, 32, 32],
    [9, 5, 3],
    [6, 2, 3],
    [4, 3, 2],
  ];

  it.each(shapes)('matches the float64 reference for n=%i, dx=%i, dy=%i', (n, dx, dy) => {
    const x = randomMatrix(n * 1000 + dx, n, dx, 0.5);
    const y = relatedMatrix(dy, x, dy, 0.8);
    for (const debiased of [false, true]) {
      const options: LinearCkaOptions = { backend, debiased };
      expect(Math.abs(linearCka(x, y, options) - linearCkaReference(x, y, { debiased }))).toBeLessThan(tol);
    }
  });

  it('keeps the debiased estimate accurate when d ≫ n', () => {
    // The debiased estimator cancels the Gram diagonal almost entirely here.
    const x = randomMatrix(41, 12, 4000, 3);
    const noise = randomMatrix(42, 12, 4000);
    const y = { ...x, data: x.data.map((v, i) => v + 2 * noise.data[i]) };
    const expected = linearCkaReference(x, y, { debiased: true });
    expect(Math.abs(linearCka(x, y, { backend, debiased: true }) - expected)).toBeLessThan(tol);
  });

  it('accepts arrays of rows as well as flat matrices', () => {
    const x = randomMatrix(1, 30, 20);
    const y = relatedMatrix(2, x, 10, 1);
    const flat = linearCka(x, y, { backend });
    expect(Math.abs(linearCka(toRows(x), toRows(y), { backend }) - flat)).toBeLessThan(Math.max(tol, 1e-6));
    expect(Math.abs(linearCka(toRows(x), y, { backend }) - flat)).toBeLessThan(Math.max(tol, 1e-6));
  });

  it('gives exactly 1 for identical inputs', () => {
    const x = randomMatrix(3, 50, 80, 2);
    const copy: F64Matrix = { ...x, data: Float64Array.from(x.data) };
    for (const debiased of [false, true]) {
      expect(linearCka(x, x, { backend, debiased })).toBe(1);
      expect(linearCka(x, copy, { backend, debiased })).toBe(1);
    }
  });

  it('is invariant to an orthogonal transform of the features', () => {
    const x = randomMatrix(4, 48, 24);
    const y = relatedMatrix(5, x, 16, 1);
    const q = randomOrthogonal(6, 24);
    for (const debiased of [false, true]) {
      const before = linearCka(x, y, { backend, debiased });
      const after = linearCka(matMul(x, q), y, { backend, debiased });
      expect(Math.abs(after - before)).toBeLessThan(Math.max(tol, 1e-9));
    }
  });

  it('is invariant to isotropic scaling, even far outside float32 range', () => {
    const x = randomMatrix(7, 32, 40);
    const y = relatedMatrix(8, x, 12, 0.5);
    const base = linearCka(x, y, { backend });
    for (const factor of [3.7, 1e-25, 1e25]) {
      expect(Math.abs(linearCka(scaled(x, factor), y, { backend }) - base)).toBeLessThan(
        Math.max(tol, 1e-12),
      );
    }
  });

  it('stays in [0, 1]', () => {
    for (let seed = 0; seed < 6; seed++) {
      const x = randomMatrix(100 + seed, 12 + seed, 3 + 5 * seed);
      const y = randomMatrix(200 + seed, 12 + seed, 20 - seed);
      const v = linearCka(x, y, { backend });
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      const u = linearCka(x, y, { backend, debiased: true });
      expect(u).toBeGreaterThanOrEqual(-1);
      expect(u).toBeLessThanOrEqual(1);
    }
  });

  it('gives 0, not NaN, when one side has no variance', () => {
    const y = randomMatrix(9, 6, 4);
    const constant = { data: new Float64Array(6 * 3).fill(0.1), rows: 6, cols: 3 };
    expect(linearCka(constant, y, { backend })).toBe(0);
    expect(linearCka(y, constant, { backend, debiased: true })).toBe(0);
    expect(linearCka(constant, constant, { backend })).toBe(0);
  });

  it('ignores constant columns', () => {
    const x = randomMatrix(10, 20, 6);
    const y = relatedMatrix(11, x, 5, 1);
    // x plus a seventh column that is 0.1 everywhere.
    const widened: F64Matrix = { data: new Float64Array(20 * 7).fill(0.1), rows: 20, cols: 7 };
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 6; j++) widened.data[i * 7 + j] = x.data[i * 6 + j];
    }
    expect(Math.abs(linearCka(widened, y, { backend }) - linearCka(x, y, { backend }))).toBeLessThan(
      Math.max(tol, 1e-12),
    );
  });

  it('propagates NaN', () => {
    const x = randomMatrix(12, 8, 3);
    const y = randomMatrix(13, 8, 3);
    x.data[5] = NaN;
    expect(linearCka(x, y, { backend })).toBeNaN();
    expect(linearCka(x, x, { backend })).toBeNaN();
  });
});

describe('linearCka input checks', () => {
  it('needs at least 4 examples', () => {
    const x = randomMatrix(1, 3, 5);
    expect(() => linearCka(x, x)).toThrow('linear CKA needs at least 4 examples, got 3');
    expect(() => linearCkaReference(x, x)).toThrow('linear CKA needs at least 4 examples, got 3');
    expect(() => linearCka([], [])).toThrow('linear CKA needs at least 4 examples, got 0');
  });

  it('needs the same number of examples in x and y', () => {
    expect(() => linearCka(randomMatrix(1, 10, 4), randomMatrix(2, 11, 4))).toThrow(
      'linear CKA needs the same number of examples in x and y, got 10 and 11',
    );
  });

  it('rejects ragged rows and a shape that does not match the data', () => {
    expect(() => linearCka([[1, 2], [3], [4, 5], [6, 7]], randomMatrix(1, 4, 2))).toThrow(
      /row 1 has 1 values/,
    );
    expect(() => linearCka({ data: new Float32Array(10), rows: 4, cols: 3 }, randomMatrix(1, 4, 2))).toThrow(
      /10 values but the shape is 4×3/,
    );
  });
});

describe('debiased linear CKA', () => {
  it('removes the upward bias for independent features', () => {
    const x = randomMatrix(21, 20, 200);
    const y = randomMatrix(22, 20, 200);
    // Biased CKA of independent wide matrices is large; the debiased one is near 0.
    expect(linearCka(x, y)).toBeGreaterThan(0.5);
    expect(Math.abs(linearCka(x, y, { debiased: true }))).toBeLessThan(0.1);
    expect(
      Math.abs(linearCka(x, y, { debiased: true }) - linearCkaReference(x, y, { debiased: true })),
    ).toBeLessThan(1e-5);
  });
});

describe.each(backends)('minibatch CKA on the %s backend', (backend) => {
  const tol = tolerance[backend];
  const x = randomMatrix(31, 60, 24, 1);
  const y = relatedMatrix(32, x, 18, 0.7);

  it('equals the full unbiased estimate when one batch holds every example', () => {
    const full = linearCka(x, y, { backend, debiased: true });
    expect(Math.abs(minibatchLinearCka(x, y, { batchSize: 60, backend }) - full)).toBeLessThan(
      Math.max(tol, 1e-12),
    );
    expect(Math.abs(full - linearCkaReference(x, y, { debiased: true }))).toBeLessThan(tol);
  });

  it('sums per-batch unbiased HSICs and drops the last partial batch', () => {
    const batches = [0, 1, 2].map((b) => [
      rowSlice(x, b * 20, b * 20 + 20),
      rowSlice(y, b * 20, b * 20 + 20),
    ]);
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (const [bx, by] of batches) {
      xy += unbiasedHsic(bx, by);
      xx += unbiasedHsic(bx, bx);
      yy += unbiasedHsic(by, by);
    }
    const expected = xy / Math.sqrt(xx * yy);
    // 60 rows in batches of 20; 7 more rows are a partial batch and must not count.
    const extraX = randomMatrix(33, 7, 24);
    const extraY = randomMatrix(34, 7, 18);
    const cka = new MinibatchCka({ batchSize: 20, backend });
    // Chunks that straddle batch boundaries.
    for (const [start, end] of [
      [0, 13],
      [13, 14],
      [14, 47],
      [47, 60],
    ]) {
      cka.add(rowSlice(x, start, end), toRows(rowSlice(y, start, end)));
    }
    cka.add(extraX, extraY);
    expect(cka.batches).toBe(3);
    expect(cka.pendingRows).toBe(7);
    // The expected value comes from uncentred Gram matrices, which lose a few digits.
    expect(Math.abs(cka.value() - expected)).toBeLessThan(Math.max(tol, 1e-8));
  });

  it('gives exactly 1 for identical inputs and needs a full batch', () => {
    const cka = new MinibatchCka({ batchSize: 16, backend });
    cka.add(x, x);
    expect(cka.value()).toBe(1);
    const empty = new MinibatchCka({ batchSize: 16, backend });
    empty.add(rowSlice(x, 0, 10), rowSlice(y, 0, 10));
    expect(() => empty.value()).toThrow('minibatch CKA needs at least one full batch of 16 examples, got 10');
  });

  it('checks its inputs', () => {
    expect(() => new MinibatchCka({ batchSize: 3 })).toThrow('linear CKA needs at least 4 examples, got 3');
    const cka = new MinibatchCka({ batchSize: 8, backend });
    expect(() => cka.add(rowSlice(x, 0, 5), rowSlice(y, 0, 6))).toThrow(/same number of examples/);
    cka.add(rowSlice(x, 0, 5), rowSlice(y, 0, 5));
    expect(() => cka.add(rowSlice(y, 0, 5), rowSlice(y, 0, 5))).toThrow(/widths changed/);
  });
});
