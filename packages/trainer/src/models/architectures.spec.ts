import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import { buildModel, type BuildModelOptions } from './architectures.js';

const CLASSES = ['a', 'b', 'c'];

/** Tiny inputs so every build and forward pass takes milliseconds. */
const TINY: Record<BuildModelOptions['architecture'], Omit<BuildModelOptions, 'seed'>> = {
  cnn: { architecture: 'cnn', inputShape: [8, 8, 1], inputDtype: 'float32', classNames: CLASSES, units: 8 },
  'cnn-ref': { architecture: 'cnn-ref', inputShape: [8, 8, 1], inputDtype: 'float32', classNames: CLASSES },
  text: {
    architecture: 'text',
    inputShape: [6],
    inputDtype: 'int32',
    classNames: CLASSES,
    vocabularySize: 20,
    units: 8,
  },
  lstm: { architecture: 'lstm', inputShape: [5, 13], inputDtype: 'float32', classNames: CLASSES, units: 4 },
};

const EXPECTED_BLOCKS: Record<BuildModelOptions['architecture'], string[]> = {
  cnn: ['conv1', 'conv2', 'conv3', 'dense', 'head'],
  'cnn-ref': ['conv1', 'conv2', 'dense', 'head'],
  text: ['embedding', 'encoder1', 'encoder2', 'head'],
  lstm: ['lstm1', 'lstm2', 'head'],
};

function exampleBatch(options: Omit<BuildModelOptions, 'seed'>, batch: number): tf.Tensor {
  const size = options.inputShape.reduce((a, b) => a * b, 1) * batch;
  const shape = [batch, ...options.inputShape];
  return options.inputDtype === 'int32'
    ? tf.tensor(
        Int32Array.from({ length: size }, (_, i) => (i * 7) % (options.vocabularySize ?? 1)),
        shape,
        'int32',
      )
    : tf.tensor(
        Float32Array.from({ length: size }, (_, i) => Math.sin(i)),
        shape,
        'float32',
      );
}

function weightBytes(model: tfl.LayersModel): Uint8Array[] {
  return model.getWeights().map((w) => new Uint8Array((w.dataSync() as Float32Array).slice().buffer));
}

function sameBytes(a: Uint8Array[], b: Uint8Array[]): boolean {
  return a.length === b.length && a.every((x, i) => Buffer.compare(x, b[i]) === 0);
}

beforeAll(async () => {
  await selectBackend();
});

describe('buildModel', () => {
  for (const [architecture, options] of Object.entries(TINY)) {
    it(`builds ${architecture} with its documented blocks and a softmax over the classes`, () => {
      const { model, manifest } = buildModel({ ...options, seed: 1 });
      expect(manifest.blocks.map((b) => b.name)).toEqual(EXPECTED_BLOCKS[options.architecture]);
      expect(manifest.architecture).toBe(architecture);
      expect(manifest.inputShape).toEqual(options.inputShape);
      expect(manifest.inputDtype).toBe(options.inputDtype);
      expect(manifest.classNames).toEqual(CLASSES);

      // Blocks cover every non-input layer exactly once, in the model's order.
      const layerNames = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
      expect(manifest.blocks.flatMap((b) => b.layerNames)).toEqual(layerNames);
      const head = manifest.blocks[manifest.blocks.length - 1];
      expect(head.layerNames).toHaveLength(1);
      const headLayer = model.getLayer(head.layerNames[0]);
      expect(headLayer.getClassName()).toBe('Dense');
      expect((headLayer.getConfig() as { activation: string }).activation).toBe('softmax');

      const x = exampleBatch(options, 2);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([2, CLASSES.length]);
      const sums = tf.sum(y, 1).dataSync();
      for (const s of sums) expect(s).toBeCloseTo(1, 5);
      tf.dispose([x, y]);
      model.dispose();
    });
  }

  it('builds the reference CNN layer for layer', () => {
    const { model, manifest } = buildModel({ ...TINY['cnn-ref'], inputShape: [28, 28, 1], seed: 3 });
    const summary = model.layers.map((l) => {
      const c = l.getConfig() as Record<string, unknown>;
      return [l.getClassName(), c.filters ?? c.units ?? c.poolSize ?? null, c.activation ?? null];
    });
    expect(summary).toEqual([
      ['InputLayer', null, null],
      ['Conv2D', 16, 'relu'],
      ['MaxPooling2D', [2, 2], null],
      ['Conv2D', 32, 'relu'],
      ['MaxPooling2D', [2, 2], null],
      ['Flatten', null, null],
      ['Dense', 64, 'relu'],
      ['Dense', 3, 'softmax'],
    ]);
    expect(model.getLayer('conv1_conv').getConfig()).toMatchObject({ kernelSize: [3, 3], padding: 'same' });
    expect(manifest.blocks).toEqual([
      { name: 'conv1', layerNames: ['conv1_conv', 'conv1_pool'] },
      { name: 'conv2', layerNames: ['conv2_conv', 'conv2_pool'] },
      { name: 'dense', layerNames: ['dense_flatten', 'dense_fc'] },
      { name: 'head', layerNames: ['head'] },
    ]);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    model.dispose();
  });

  it('records vocabularySize for text and the dataset name when given', () => {
    const { model, manifest } = buildModel({ ...TINY.text, seed: 1, datasetName: 'toy' });
    expect(manifest.vocabularySize).toBe(20);
    expect(manifest.datasetName).toBe('toy');
    expect(model.inputs[0].dtype).toBe('int32');
    model.dispose();
  });

  it('gives bit-identical weights for the same seed and different ones for another seed', () => {
    for (const options of Object.values(TINY)) {
      const a = buildModel({ ...options, seed: 7 }).model;
      const b = buildModel({ ...options, seed: 7 }).model;
      const c = buildModel({ ...options, seed: 8 }).model;
      expect(sameBytes(weightBytes(a), weightBytes(b)), options.architecture).toBe(true);
      expect(sameBytes(weightBytes(a), weightBytes(c)), options.architecture).toBe(false);
      // Biases start at zero; the kernels are what the seed changes.
      const kernel = a.getWeights()[0].dataSync();
      expect(kernel.some((v) => v !== 0)).toBe(true);
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('starts LSTM forget gates at 1 and other biases at 0', () => {
    const { model } = buildModel({ ...TINY.lstm, seed: 2 });
    const bias = Array.from(model.getLayer('lstm1').getWeights()[2].dataSync());
    expect(bias).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    model.dispose();
  });

  it('leaves no tensors behind once a built model is disposed', () => {
    const before = tf.memory().numTensors;
    for (const options of Object.values(TINY)) buildModel({ ...options, seed: 4 }).model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inputs that do not fit the architecture', () => {
    expect(() => buildModel({ ...TINY.text, vocabularySize: undefined, seed: 1 })).toThrow(/vocabularySize/);
    expect(() => buildModel({ ...TINY.text, inputDtype: 'float32', seed: 1 })).toThrow(/int32/);
    expect(() => buildModel({ ...TINY.cnn, inputShape: [8, 8], seed: 1 })).toThrow(/height, width, channels/);
    expect(() => buildModel({ ...TINY.cnn, inputShape: [4, 4, 1], seed: 1 })).toThrow(/at least 8×8/);
    expect(() => buildModel({ ...TINY.lstm, classNames: ['only'], seed: 1 })).toThrow(/at least 2 classes/);
  });
});
