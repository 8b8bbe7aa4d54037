import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../util/rng.js';
import { selectBackend } from '../select-backend.js';
import { conv2dGradientKernels } from './conv2d-gradients.js';
import { gatherRowsKernel } from './gather-rows.js';
import { leadingAxesSumKernel } from './leading-axes-sum.js';
import { poolingAndSegmentKernels } from './pooling-and-segment-gradients.js';
import { stockCpuKernel, FAST_KERNEL_NAMES } from './register-fast-kernels.js';

type KernelName = (typeof FAST_KERNEL_NAMES)[number];
type NamedInputs = Record<string, { shape: number[]; values: Float32Array | Int32Array }>;

function randomValues(rng: Rng, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => rng.normal());
}

/** Runs a kernel function on the cpu backend with plain arrays in and out. */
function runOnCpu(
  kernelFunc: tf.KernelFunc,
  inputs: NamedInputs,
  attrs: Record<string, unknown>,
): { shape: number[]; values: Float32Array } {
  const cpu = tf.findBackend('cpu') as tf.KernelBackend & {
    makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): tf.TensorInfo;
  };
  const infos: Record<string, tf.TensorInfo> = {};
  for (const [name, input] of Object.entries(inputs)) {
    infos[name] = cpu.makeTensorInfo(
      input.shape,
      input.values instanceof Int32Array ? 'int32' : 'float32',
      input.values,
    );
  }
  const out = kernelFunc({ inputs: infos, backend: cpu, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  return { shape: out.shape, values: Float32Array.from(cpu.readSync(out.dataId) as Float32Array) };
}

/** Runs the registered kernel on the active (wasm) backend through the engine. */
function runOnActiveBackend(name: KernelName, inputs: NamedInputs, attrs: Record<string, unknown>) {
  return tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [key, input] of Object.entries(inputs)) {
      tensors[key] = tf.tensor(
        input.values,
        input.shape,
        input.values instanceof Int32Array ? 'int32' : 'float32',
      );
    }
    const out = tf.engine().runKernel(name, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array };
  });
}

/** Our cpu-backend version of a kernel; the wasm-only ones (Add, Identity) have none. */
function ours(name: KernelName, backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  const kernel = oursIfAny(name, backendName);
  if (!kernel) throw new Error(`no fast kernel ${name}`);
  return kernel;
}

function oursIfAny(name: KernelName, backendName: 'wasm' | 'cpu'): tf.KernelFunc | undefined {
  return [
    ...conv2dGradientKernels(backendName),
    ...poolingAndSegmentKernels(backendName),
    leadingAxesSumKernel(backendName),
    gatherRowsKernel(backendName),
  ].find((c) => c?.kernelName === name)?.kernelFunc;
}

function expectClose(
  actual: { shape: number[]; values: Float32Array },
  expected: typeof actual,
  tolerance = 1e-4,
) {
  expect(actual.shape).toEqual(expected.shape);
  let worst = 0;
  for (let i = 0; i < expected.values.length; i++) {
    const scale = Math.max(1, Math.abs(expected.values[i]));
    worst = Math.max(worst, Math.abs(actual.values[i] - expected.values[i]) / scale);
  }
  expect(worst).toBeLessThan(tolerance);
}

/** Compares our kernel on wasm and on cpu against the stock cpu kernel. */
function checkAgainstStock(
  name: KernelName,
  inputs: NamedInputs,
  attrs: Record<string, unknown>,
  compare: typeof expectClose = expectClose,
) {
  const stock = stockCpuKernel(name);
  if (!stock) throw new Error(`tfjs ships no cpu ${name}`);
  const expected = runOnCpu(stock.kernelFunc, inputs, attrs);
  compare(runOnActiveBackend(name, inputs, attrs), expected);
  const onCpu = oursIfAny(name, 'cpu');
  if (onCpu) compare(runOnCpu(onCpu, inputs, attrs), expected);
}

function expectIdentical(actual: { shape: number[]; values: Float32Array }, expected: typeof actual) {
  expect(actual.shape).toEqual(expected.shape);
  expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
}

/**
 * Fills and frees a wasm heap block of `size` floats with NaN, so a kernel that
 * allocates without zeroing and then misses an element fails loudly.
 */
function dirtyHeap(size: number): void {
  tf.fill([size], NaN).dispose();
}

const convCases = [
  { label: '3×3 same, stride 1', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { label: '3×3 valid, stride 1', x: [2, 7, 6, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { label: '3×3 same, stride 2', x: [3, 9, 8, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'same' },
  { label: '5×3 valid, stride [2,1]', x: [2, 11, 7, 2], filter: [5, 3, 2, 3], strides: [2, 1], pad: 'valid' },
  { label: '1×1 same', x: [4, 5, 5, 6], filter: [1, 1, 6, 2], strides: 1, pad: 'same' },
  { label: '2×2 same (uneven padding)', x: [2, 6, 5, 3], filter: [2, 2, 3, 4], strides: 1, pad: 'same' },
  { label: '3×3 same, one input channel', x: [3, 6, 5, 1], filter: [3, 3, 1, 4], strides: 1, pad: 'same' },
  {
    label: '5×5 same on a 2×3 image (taps past the edge)',
    x: [2, 2, 3, 2],
    filter: [5, 5, 2, 3],
    strides: 1,
    pad: 'same',
  },
  { label: '4×1 same, odd height', x: [2, 7, 4, 3], filter: [4, 1, 3, 2], strides: 1, pad: 'same' },
] as const;

describe('fast gradient kernels equal the stock tfjs kernels', () => {
  beforeAll(async () => {
    const backend = await selectBackend();
    expect(backend.name).toBe('wasm');
  });

  for (const c of convCases) {
    const rng = Rng.fromSeed(c.x.reduce((a, b) => a * 31 + b, 7));
    const x = [...c.x];
    const filterShape = [...c.filter] as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      x as [number, number, number, number],
      filterShape,
      c.strides as number,
      1,
      c.pad,
    );
    const dyShape = info.outShape;
    const dy = randomValues(
      rng,
      dyShape.reduce((a, b) => a * b, 1),
    );

    it(`Conv2DBackpropFilter: ${c.label}`, () => {
      dirtyHeap(
        filterShape.slice(0, 3).reduce((a, b) => a * b, 1) * dyShape.slice(0, 3).reduce((a, b) => a * b, 1),
      );
      checkAgainstStock(
        'Conv2DBackpropFilter',
        {
          x: {
            shape: x,
            values: randomValues(
              rng,
              x.reduce((a, b) => a * b, 1),
            ),
          },
          dy: { shape: dyShape, values: dy },
        },
        { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape },
      );
    });

    it(`Conv2DBackpropInput: ${c.label}`, () => {
      checkAgainstStock(
        'Conv2DBackpropInput',
        {
          dy: { shape: dyShape, values: dy },
          filter: {
            shape: filterShape,
            values: randomValues(
              rng,
              filterShape.reduce((a, b) => a * b, 1),
            ),
          },
        },
        { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: x },
      );
    });
  }

  const poolCases = [
    { label: '2×2 stride 2 valid', x: [2, 8, 6, 3], filterSize: 2, strides: 2, pad: 'valid' },
    { label: '2×2 stride 2 valid, odd size', x: [2, 7, 5, 3], filterSize: 2, strides: 2, pad: 'valid' },
    { label: '3×3 stride 2 same (overlapping)', x: [2, 7, 7, 2], filterSize: 3, strides: 2, pad: 'same' },
    { label: '2×2 stride 1 valid', x: [1, 5, 5, 4], filterSize: 2, strides: 1, pad: 'valid' },
  ] as const;
  for (const c of poolCases) {
    it(`MaxPoolGrad: ${c.label}`, () => {
      const rng = Rng.fromSeed(11);
      const x = [...c.x];
      const input = randomValues(
        rng,
        x.reduce((a, b) => a * b, 1),
      );
      // Ties are where max-pool gradients differ between implementations: force some.
      for (let i = 0; i < input.length; i += 5) input[i] = input[i + 1] ?? input[i];
      const output = tf.tidy(() =>
        tf.maxPool(tf.tensor4d(input, x as [number, number, number, number]), c.filterSize, c.strides, c.pad),
      );
      const dy = randomValues(rng, output.size);
      checkAgainstStock(
        'MaxPoolGrad',
        {
          dy: { shape: output.shape, values: dy },
          input: { shape: x, values: input },
          output: { shape: output.shape, values: output.dataSync() as Float32Array },
        },
        { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
      );
      output.dispose();
    });
  }

  const sumCases = [
    { label: 'a conv bias gradient (axes 0, 1, 2)', shape: [3, 5, 4, 6], axis: [0, 1, 2], keepDims: false },
    { label: 'a dense bias gradient, rows not a multiple of 4', shape: [7, 10], axis: [0], keepDims: false },
    { label: 'leading axes as negatives, kept dims', shape: [2, 3, 5], axis: [-3, -2], keepDims: true },
    { label: 'axes out of order', shape: [4, 3, 2, 5], axis: [1, 0], keepDims: false },
    { label: 'a single row', shape: [1, 9], axis: 0, keepDims: false },
    { label: 'inner axes (the stock kernel)', shape: [3, 4, 5], axis: [1, 2], keepDims: false },
    { label: 'every axis (the stock kernel)', shape: [3, 4], axis: null, keepDims: false },
    { label: 'non-leading axes (the stock kernel)', shape: [3, 4, 5], axis: [0, 2], keepDims: true },
  ] as const;
  for (const c of sumCases) {
    it(`Sum: ${c.label}`, () => {
      const rng = Rng.fromSeed(c.shape.reduce((a, b) => a * 7 + b, 3));
      const size = c.shape.reduce((a, b) => a * b, 1);
      dirtyHeap(size);
      checkAgainstStock(
        'Sum',
        { x: { shape: [...c.shape], values: randomValues(rng, size) } },
        { axis: c.axis === null ? null : Array.isArray(c.axis) ? [...c.axis] : c.axis, keepDims: c.keepDims },
      );
    });
  }

  it('Sum: int32 input goes to the stock kernel and stays int32', () => {
    const x = Int32Array.from({ length: 12 }, (_, i) => i * 3 - 7);
    checkAgainstStock('Sum', { x: { shape: [4, 3], values: x } }, { axis: [0], keepDims: false });
    const out = tf.tidy(() => tf.sum(tf.tensor2d(x, [4, 3], 'int32'), 0));
    expect(out.dtype).toBe('int32');
    out.dispose();
  });

  const gatherCases = [
    {
      label: 'a batch of images (axis 0)',
      shape: [9, 4, 3, 2],
      indices: [8, 0, 3, 3, 5],
      indexShape: [5],
      axis: 0,
    },
    {
      label: 'embedding rows, 2-D indices',
      shape: [6, 5],
      indices: [1, 5, 0, 2, 2, 4],
      indexShape: [2, 3],
      axis: 0,
    },
    { label: 'a vector', shape: [7], indices: [6, 1, 1], indexShape: [3], axis: 0 },
    { label: 'no indices', shape: [4, 3], indices: [], indexShape: [0], axis: 0 },
    { label: 'axis 1 (the stock kernel)', shape: [3, 5, 2], indices: [4, 0, 2], indexShape: [3], axis: 1 },
  ] as const;
  for (const c of gatherCases) {
    it(`GatherV2: ${c.label}, bit for bit`, () => {
      const rng = Rng.fromSeed(17);
      const size = c.shape.reduce((a, b) => a * b, 1);
      const values = randomValues(rng, size);
      values[0] = NaN;
      values[size - 1] = -0;
      checkAgainstStock(
        'GatherV2',
        {
          x: { shape: [...c.shape], values },
          indices: { shape: [...c.indexShape], values: Int32Array.from(c.indices) },
        },
        { axis: c.axis, batchDims: 0 },
        expectIdentical,
      );
    });
  }

  it('GatherV2: int32 rows, and out-of-range indices throw as in the stock kernel', () => {
    checkAgainstStock(
      'GatherV2',
      {
        x: { shape: [4, 2], values: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
        indices: { shape: [2], values: Int32Array.from([3, 1]) },
      },
      { axis: 0, batchDims: 0 },
      expectIdentical,
    );
    const x = { shape: [4, 2], values: randomValues(Rng.fromSeed(2), 8) };
    for (const bad of [4, -1]) {
      const inputs = { x, indices: { shape: [2], values: Int32Array.from([0, bad]) } };
      const attrs = { axis: 0, batchDims: 0 };
      expect(() => runOnActiveBackend('GatherV2', inputs, attrs)).toThrow(/not in \[0, 3\]/);
      expect(() => runOnCpu(ours('GatherV2', 'cpu'), inputs, attrs)).toThrow(/not in \[0, 3\]/);
    }
  });

  const addCases = [
    { label: 'a conv bias after the activation', a: [2, 32, 32, 16], b: [16] },
    { label: 'the bias first', a: [16], b: [2, 32, 32, 16] },
    { label: 'a bias with leading 1s', a: [4, 64, 80], b: [1, 1, 80] },
    { label: 'a trailing [H, W, C] block', a: [3, 16, 16, 24], b: [16, 16, 24] },
    { label: 'a small sum (the stock kernel)', a: [2, 4, 4, 3], b: [3] },
    { label: 'same shapes (the stock kernel)', a: [64, 300], b: [64, 300] },
    { label: 'a per-image term [N, 1, 1, C] (the stock kernel)', a: [8, 32, 32, 4], b: [8, 1, 1, 4] },
    { label: 'more leading 1s than the other rank (the stock kernel)', a: [1, 1, 1, 1, 20], b: [40, 30, 20] },
  ] as const;
  for (const c of addCases) {
    it(`Add: ${c.label}, bit for bit`, () => {
      const rng = Rng.fromSeed(c.a.length * 13 + c.b.length);
      const sizeA = c.a.reduce((x, y) => x * y, 1);
      const sizeB = c.b.reduce((x, y) => x * y, 1);
      dirtyHeap(Math.max(sizeA, sizeB));
      const a = randomValues(rng, sizeA);
      const b = randomValues(rng, sizeB);
      a[1] = NaN;
      b[0] = Infinity;
      checkAgainstStock(
        'Add',
        { a: { shape: [...c.a], values: a }, b: { shape: [...c.b], values: b } },
        {},
        expectIdentical,
      );
    });
  }

  const matMulCases = [
    {
      label: "a dense layer's input gradient (swapped)",
      a: [64, 32],
      b: [300, 32],
      transposeA: false,
      transposeB: true,
    },
    {
      label: "a dense layer's weight gradient",
      a: [64, 300],
      b: [64, 32],
      transposeA: true,
      transposeB: false,
    },
    { label: 'square, both transposed', a: [40, 40], b: [40, 40], transposeA: true, transposeB: true },
    {
      label: 'a wide right operand, both transposed',
      a: [30, 8],
      b: [500, 30],
      transposeA: true,
      transposeB: true,
    },
    {
      label: 'rank 3, batch 1 against rank 2',
      a: [1, 16, 24],
      b: [200, 24],
      transposeA: false,
      transposeB: true,
    },
    { label: 'batched (direct form)', a: [3, 8, 12], b: [3, 20, 12], transposeA: false, transposeB: true },
    {
      label: 'no transposes (the stock kernel)',
      a: [12, 7],
      b: [7, 9],
      transposeA: false,
      transposeB: false,
    },
  ] as const;
  for (const c of matMulCases) {
    it(`BatchMatMul: ${c.label}`, () => {
      const rng = Rng.fromSeed(c.a[0] * 31 + c.b[0]);
      const size = (shape: readonly number[]) => shape.reduce((x, y) => x * y, 1);
      checkAgainstStock(
        'BatchMatMul',
        {
          a: { shape: [...c.a], values: randomValues(rng, size(c.a)) },
          b: { shape: [...c.b], values: randomValues(rng, size(c.b)) },
        },
        { transposeA: c.transposeA, transposeB: c.transposeB },
      );
    });
  }

  it('Cast: to the same dtype shares the values, real conversions go to the stock kernel', () => {
    const floats = Float32Array.from([1.75, -2.5, NaN, -0, 3e38, 0.49]);
    const ints = Int32Array.from([7, -3, 0, 123456]);
    checkAgainstStock(
      'Cast',
      { x: { shape: [2, 3], values: floats } },
      { dtype: 'float32' },
      expectIdentical,
    );
    checkAgainstStock('Cast', { x: { shape: [4], values: ints } }, { dtype: 'int32' }, expectIdentical);
    checkAgainstStock('Cast', { x: { shape: [4], values: ints } }, { dtype: 'float32' }, expectIdentical);
    const before = tf.memory().numBytes;
    const x = tf.tensor1d([0.5, 1, 0], 'float32');
    const y = tf.cast(x, 'float32');
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([0.5, 1, 0]);
    y.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });

  it('Identity shares the buffer: a clone outlives its source and the memory goes with the last one', () => {
    const before = tf.memory().numBytes;
    const x = tf.tensor2d([1.5, -2, NaN, 4], [2, 2]);
    const y = tf.tidy(() => x.clone());
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, NaN, 4]);
    expect(y.shape).toEqual([2, 2]);
    y.dispose();
    expect(tf.memory().numBytes).toBe(before);
    const ints = tf.tensor1d([3, 1, 2], 'int32');
    const copy = tf.clone(ints);
    expect(copy.dtype).toBe('int32');
    expect(Array.from(copy.dataSync())).toEqual([3, 1, 2]);
    tf.dispose([ints, copy]);
  });

  it('the filter gradient gives bit-identical results on repeated runs', () => {
    const rng = Rng.fromSeed(23);
    const inputs = {
      x: { shape: [4, 9, 9, 5], values: randomValues(rng, 4 * 9 * 9 * 5) },
      dy: { shape: [4, 9, 9, 6], values: randomValues(rng, 4 * 9 * 9 * 6) },
    };
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 5, 6] };
    const first = runOnActiveBackend('Conv2DBackpropFilter', inputs, attrs);
    dirtyHeap(3 * 3 * 5 * 4 * 9 * 9);
    expectIdentical(runOnActiveBackend('Conv2DBackpropFilter', inputs, attrs), first);
  });

  it('UnsortedSegmentSum: sums embedding rows by token id, dropping out-of-range ids', () => {
    const rng = Rng.fromSeed(3);
    const ids = Int32Array.from({ length: 40 }, () => rng.int(12) - 1);
    checkAgainstStock(
      'UnsortedSegmentSum',
      { x: { shape: [40, 6], values: randomValues(rng, 240) }, segmentIds: { shape: [40], values: ids } },
      { numSegments: 10 },
    );
  });

  it('an embedding and a small CNN train on wasm with gradients equal to the cpu backend', async () => {
    const rng = Rng.fromSeed(5);
    const images = randomValues(rng, 4 * 10 * 10 * 2);
    const filter1 = randomValues(rng, 3 * 3 * 2 * 4);
    const filter2 = randomValues(rng, 3 * 3 * 4 * 3);
    const table = randomValues(rng, 20 * 5);
    const tokens = Int32Array.from({ length: 12 }, () => rng.int(20));
    const gradients = () =>
      tf.tidy(() => {
        const lossOf = (f1: tf.Tensor, f2: tf.Tensor, embeddings: tf.Tensor) => {
          let h = tf.relu(tf.conv2d(tf.tensor4d(images, [4, 10, 10, 2]), f1 as tf.Tensor4D, 1, 'same'));
          h = tf.maxPool(h, 2, 2, 'valid');
          h = tf.conv2d(h, f2 as tf.Tensor4D, 2, 'same');
          const text = tf.gather(embeddings, tf.tensor1d(tokens, 'int32'));
          return tf.add(tf.sum(tf.square(h)), tf.sum(tf.square(text)));
        };
        const grads = tf.grads(lossOf as (...args: tf.Tensor[]) => tf.Tensor)([
          tf.tensor4d(filter1, [3, 3, 2, 4]),
          tf.tensor4d(filter2, [3, 3, 4, 3]),
          tf.tensor2d(table, [20, 5]),
        ]);
        return grads.map((g) => ({ shape: g.shape, values: g.dataSync() as Float32Array }));
      });
    const onWasm = gradients();
    await tf.setBackend('cpu');
    try {
      const onCpu = gradients();
      expect(onWasm).toHaveLength(3);
      onWasm.forEach((g, i) => expectClose(g, onCpu[i], 1e-3));
    } finally {
      await tf.setBackend('wasm');
    }
  });
});

describe('Tile', () => {
  beforeAll(() => selectBackend());

  it.each([
    [
      [64, 12, 1],
      [1, 1, 8],
    ],
    [
      [1, 1, 8],
      [4, 6, 1],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [[5], [3]],
  ])('tiles %j by %j exactly as the stock cpu kernel', (shape, reps) => {
    const rng = Rng.fromSeed(7);
    const values = randomValues(
      rng,
      shape.reduce((a, b) => a * b, 1),
    );
    const stock = tf.getKernel('Tile', 'cpu');
    if (!stock) throw new Error('tfjs ships no cpu Tile');
    const expected = runOnCpu(stock.kernelFunc, { x: { shape, values } }, { reps });
    const actual = tf.tidy(() => {
      const out = tf.tile(tf.tensor(values, shape), reps);
      return { shape: out.shape, values: out.dataSync() as Float32Array };
    });
    expect(actual.shape).toEqual(expected.shape);
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
  });
});
