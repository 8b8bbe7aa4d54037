import { it } from 'vitest';
import { linearCka, linearCkaReference } from './linear-cka.js';
import type { DenseMatrix } from './matrix.js';
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

function randomMatrix(seed: number, rows: number, cols: number, offset = 0): DenseMatrix {
  const rand = mulberry32(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = gaussian(rand) + offset;
  return { data, rows, cols };
}

/** y = relu(x·W + noise): related to x, with a different width. */
function relatedMatrix(seed: number, x: DenseMatrix, cols: number, noise: number): DenseMatrix {
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

it('dbg', () => {
  const x = randomMatrix(4001, 4, 1, 0.5);
  const y = relatedMatrix(2, x, 2, 0.8);
  console.log(Array.from(x.data), Array.from(y.data));
  console.log(
    linearCka(x, y, { debiased: true, backend: 'float64' }),
    linearCkaReference(x, y, { debiased: true }),
  );
  console.log(
    linearCka(x, y, { debiased: false, backend: 'float64' }),
    linearCkaReference(x, y, { debiased: false }),
  );
});
