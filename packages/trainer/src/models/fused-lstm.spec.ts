import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD } from '../backend/kernels/lstm-sequence-kernels.js';
import { registerFastKernels } from '../backend/kernels/register-fast-kernels.js';
import { selectBackend } from '../backend/select-backend.js';
import { train } from '../training/train.js';
import type { TrainEvent } from '../training/train-spec.js';
import { Rng } from '../util/rng.js';
import { buildModel } from './architectures.js';
import { FusedLstm, fusedLstm, lstmSequence } from './fused-lstm.js';
import { loadModel, saveModel } from './model-io.js';

type Layer = tfl.layers.Layer;
type LstmArgs = tfl.LSTMLayerArgs;

/** Counts calls of the fused kernels on the active backend while `body` runs. */
async function countFusedKernelCalls(body: () => unknown): Promise<{ forward: number; backward: number }> {
  const backendName = tf.getBackend();
  const counts = { forward: 0, backward: 0 };
  const originals = [LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD].map((name) => {
    const original = tf.getKernel(name, backendName);
    if (!original) throw new Error(`${name} is not registered on ${backendName}`);
    return original;
  });
  for (const original of originals) {
    tf.unregisterKernel(original.kernelName, backendName);
    tf.registerKernel({
      ...original,
      kernelFunc: (args) => {
        if (original.kernelName === LSTM_SEQUENCE) counts.forward++;
        else counts.backward++;
        return original.kernelFunc(args);
      },
    });
  }
  try {
    await body();
  } finally {
    for (const original of originals) {
      tf.unregisterKernel(original.kernelName, backendName);
      tf.registerKernel(original);
    }
  }
  return counts;
}

function randomTensor(rng: Rng, shape: number[], scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => scale * rng.normal()),
    shape,
  );
}

interface Result {
  output: Float32Array;
  /** Gradients of a fixed random projection of the output, w.r.t. x and then every weight in order. */
  grads: Float32Array[];
}

/** Builds `layers` on `x` and gives them random weights that depend only on `seed`. */
function prepare(layers: Layer[], x: tf.Tensor, seed: number): void {
  const rng = Rng.fromSeed(seed);
  tf.tidy(() => {
    let h = x;
    for (const layer of layers) h = layer.apply(h) as tf.Tensor;
  });
  for (const layer of layers) {
    // Large enough to saturate some gates, so both ends of the activations are exercised.
    layer.setWeights(layer.getWeights().map((w) => randomTensor(rng, w.shape, 0.6)));
  }
}

/** One training-mode forward and backward pass through `layers`. */
function run(layers: Layer[], x: tf.Tensor, seed: number): Result {
  const input = tf.variable(x.clone(), true);
  const weights = layers.flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
  try {
    return tf.tidy(() => {
      let output: tf.Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        let h: tf.Tensor = input;
        for (const layer of layers) h = layer.apply(h, { training: true }) as tf.Tensor;
        output = tf.keep(h);
        return tf.sum(tf.mul(h, randomTensor(Rng.fromSeed(seed + 1), h.shape)));
      }, [input, ...weights]);
      return {
        output: output!.dataSync() as Float32Array,
        grads: [input, ...weights].map((v) => grads[v.name].dataSync() as Float32Array),
      };
    });
  } finally {
    input.dispose();
  }
}

function expectClose(actual: Float32Array, expected: Float32Array, label: string, tolerance = 1e-4): void {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  expect(worst, label).toBeLessThan(tolerance);
}

/**
 * The same stack as stock tfjs-layers LSTMs and as FusedLstms, with the same
 * weights: outputs and gradients must agree (unless `compare` is false) and
 * the fused kernel calls of the FusedLstm pass are returned.
 */
async function compareWithStock(
  stack: LstmArgs[],
  inputShape: [number, number, number],
  seed: number,
  compare = true,
): Promise<{ forward: number; backward: number }> {
  const x = randomTensor(Rng.fromSeed(seed), inputShape);
  const stockLayers = stack.map((args) => tfl.layers.lstm({ ...args }));
  const fusedLayers = stack.map((args) => fusedLstm({ ...args }));
  prepare(stockLayers, x, seed);
  prepare(fusedLayers, x, seed);
  const stock = run(stockLayers, x, seed);
  let fused: Result | undefined;
  const counts = await countFusedKernelCalls(() => {
    fused = run(fusedLayers, x, seed);
  });
  x.dispose();
  for (const layer of [...stockLayers, ...fusedLayers]) layer.dispose();
  if (compare) {
    expectClose(fused!.output, stock.output, 'output');
    expect(fused!.grads).toHaveLength(stock.grads.length);
    const names = [
      'x',
      ...fusedLayers.flatMap((l) => l.trainableWeights.map((w) => `${l.name}/${w.originalName}`)),
    ];
    stock.grads.forEach((grad, i) => expectClose(fused!.grads[i], grad, `gradient w.r.t. ${names[i]}`));
  }
  return counts;
}

const sigmoidLstm = (units: number, returnSequences: boolean): LstmArgs => ({
  units,
  returnSequences,
  recurrentActivation: 'sigmoid',
  recurrentInitializer: 'glorotUniform',
});

let workDir: string;

beforeAll(async () => {
  await selectBackend();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'driftboard-fused-lstm-'));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(['wasm', 'cpu'])('the fused LSTM on %s equals the stock tfjs-layers LSTM', (backendName) => {
  beforeAll(async () => {
    registerFastKernels(backendName as 'wasm' | 'cpu');
    await tf.setBackend(backendName);
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('returning the whole sequence', async () => {
    const counts = await compareWithStock([sigmoidLstm(4, true)], [3, 7, 5], 11);
    expect(counts).toEqual({ forward: 1, backward: 1 });
  });

  it('returning the last step', async () => {
    const counts = await compareWithStock([sigmoidLstm(4, false)], [3, 7, 5], 12);
    expect(counts).toEqual({ forward: 1, backward: 1 });
  });

  it('stacked two deep, as the lstm architecture is', async () => {
    const counts = await compareWithStock([sigmoidLstm(6, true), sigmoidLstm(5, false)], [4, 6, 3], 13);
    expect(counts).toEqual({ forward: 2, backward: 2 });
  });

  it('with hardSigmoid gates (the tfjs default) and no bias', async () => {
    const args: LstmArgs = {
      units: 4,
      returnSequences: true,
      useBias: false,
      recurrentInitializer: 'glorotUniform',
    };
    const counts = await compareWithStock([args, { ...args, returnSequences: false }], [2, 5, 3], 14);
    expect(counts).toEqual({ forward: 2, backward: 2 });
  });
});

describe('FusedLstm', () => {
  it('falls back to the stock path where the fused op does not apply', async () => {
    for (const extra of [{ goBackwards: true }, { activation: 'relu' as const }, { dropout: 0.3 }]) {
      // Dropout draws different masks in the two runs, so only the path taken is checked.
      const compare = !('dropout' in extra);
      const counts = await compareWithStock([{ ...sigmoidLstm(3, true), ...extra }], [2, 4, 3], 15, compare);
      expect(counts, JSON.stringify(extra)).toEqual({ forward: 0, backward: 0 });
    }
  });

  it('refuses weights whose shapes do not fit the input', () => {
    tf.tidy(() => {
      const options = { returnSequences: false, recurrentActivation: 'sigmoid' } as const;
      const [x, kernel, recurrentKernel] = [tf.zeros([2, 3, 5]), tf.zeros([5, 8]), tf.zeros([2, 8])];
      expect(() => lstmSequence(x, tf.zeros([4, 8]), recurrentKernel, null, options)).toThrow(
        /kernel \[4, 8\]/,
      );
      expect(() => lstmSequence(x, kernel, recurrentKernel, tf.zeros([4]), options)).toThrow(/bias \[4\]/);
      expect(lstmSequence(x, kernel, recurrentKernel, null, options).shape).toEqual([2, 2]);
    });
  });

  it('is configured, named and weighted exactly like a stock LSTM', () => {
    const args = { ...sigmoidLstm(3, true), name: 'twin' };
    const stock = tfl.layers.lstm({ ...args });
    const fused = fusedLstm({ ...args });
    expect(fused.getClassName()).toBe('LSTM');
    expect(fused.getConfig()).toEqual(stock.getConfig());
    tf.tidy(() => {
      stock.apply(tf.zeros([1, 2, 5]));
      fused.apply(tf.zeros([1, 2, 5]));
    });
    expect(fused.weights.map((w) => [w.originalName, w.shape])).toEqual(
      stock.weights.map((w) => [w.originalName, w.shape]),
    );
    stock.dispose();
    fused.dispose();
  });

  it('survives saveModel and loadModel as a plain LSTM that loads back fused', async () => {
    const { model, manifest } = buildModel({
      architecture: 'lstm',
      inputShape: [6, 13],
      inputDtype: 'float32',
      classNames: ['a', 'b', 'c'],
      units: 5,
      seed: 4,
    });
    const dir = path.join(workDir, 'lstm');
    await saveModel(dir, model, manifest);
    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string; config: { name: string } }[] } };
    };
    const classes = json.modelTopology.config.layers.map((l) => [l.config.name, l.class_name]);
    expect(classes).toEqual(
      expect.arrayContaining([
        ['lstm1', 'LSTM'],
        ['lstm2', 'LSTM'],
      ]),
    );

    const loaded = await loadModel(dir);
    expect(loaded.model.getLayer('lstm1')).toBeInstanceOf(FusedLstm);
    expect(loaded.model.getLayer('lstm2')).toBeInstanceOf(FusedLstm);
    const x = randomTensor(Rng.fromSeed(5), [3, 6, 13]);
    let predicted: Float32Array | undefined;
    const counts = await countFusedKernelCalls(() => {
      predicted = tf.tidy(() => (loaded.model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    });
    expect(counts).toEqual({ forward: 2, backward: 0 });
    const original = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    expectClose(predicted!, original, 'predictions', 1e-6);
    x.dispose();
    model.dispose();
    loaded.model.dispose();
  });

  it('trains the lstm architecture on synthetic-audio, fused, with a falling loss', async () => {
    const events: TrainEvent[] = [];
    const counts = await countFusedKernelCalls(async () => {
      for await (const event of train({
        source: { architecture: 'lstm' },
        dataset: 'synthetic-audio',
        strategy: { kind: 'full', epochs: 2, batchSize: 32, learningRate: 3e-3 },
        seed: 1,
        limit: 96,
        probeSize: 32,
      })) {
        events.push(event);
      }
    });
    const losses = events.flatMap((e) => (e.type === 'epoch' ? [e.metrics['train/loss'] as number] : []));
    expect(losses).toHaveLength(2);
    expect(losses[1]).toBeLessThan(losses[0]);
    // Two layers, forward and backward, for every training batch.
    expect(counts.backward).toBeGreaterThanOrEqual(2 * 2 * 3);
    expect(counts.forward).toBeGreaterThanOrEqual(counts.backward);
  });
});
