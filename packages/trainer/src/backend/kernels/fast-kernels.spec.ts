import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../util/rng.js';
import { selectBackend } from '../select-backend.js';
import { conv2dGradientKernels } from './conv2d-gradients.js';
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

function ours(name: KernelName, backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  const config = [...conv2dGradientKernels(backendName), ...poolingAndSegmentKernels(backendName)].find(
    (c) => c.kernelName === name,
  );
  if (!config) throw new Error(`no fast kernel ${name}`);
  return config.kernelFunc;
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
function checkAgainstStock(name: KernelName, inputs: NamedInputs, attrs: Record<string, unknown>) {
  const stock = stockCpuKernel(name);
  if (!stock) throw new Error(`tfjs ships no cpu ${name}`);
  const expected = runOnCpu(stock.kernelFunc, inputs, attrs);
  expectClose(runOnActiveBackend(name, inputs, attrs), expected);
  expectClose(runOnCpu(ours(name, 'cpu'), inputs, attrs), expected);
}

const convCases = [
  { label: '3×3 same, stride 1', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { label: '3×3 valid, stride 1', x: [2, 7, 6, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { label: '3×3 same, stride 2', x: [3, 9, 8, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'same' },
  { label: '5×3 valid, stride [2,1]', x: [2, 11, 7, 2], filter: [5, 3, 2, 3], strides: [2, 1], pad: 'valid' },
  { label: '1×1 same', x: [4, 5, 5, 6], filter: [1, 1, 6, 2], strides: 1, pad: 'same' },
  { label: '2×2 same (uneven padding)', x: [2, 6, 5, 3], filter: [2, 2, 3, 4], strides: 1, pad: 'same' },
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
