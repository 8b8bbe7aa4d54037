import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import { buildModel } from './architectures.js';
import type { ModelManifest } from './model-manifest.js';
import { blockOutputsModel, layerWeightsByBlock, replaceHead, splitAtHead } from './model-surgery.js';

beforeAll(async () => {
  await selectBackend();
});

function tinyCnn(seed = 1): { model: tfl.LayersModel; manifest: ModelManifest } {
  return buildModel({
    architecture: 'cnn-ref',
    inputShape: [8, 8, 1],
    inputDtype: 'float32',
    classNames: ['a', 'b', 'c'],
    seed,
  });
}

function batch(n = 2): tf.Tensor {
  return tf.tensor4d(
    Float32Array.from({ length: n * 64 }, (_, i) => Math.cos(i / 3)),
    [n, 8, 8, 1],
  );
}

describe('replaceHead', () => {
  it('keeps the body weights (the same variables) and swaps in a new classifier', () => {
    const source = tinyCnn();
    const bodyBefore = source.model.layers
      .filter((l) => l.name !== 'head')
      .flatMap((l) => l.getWeights().map((w) => Array.from(w.dataSync())));

    const target = replaceHead(source.model, source.manifest, ['x', 'y', 'z', 'w', 'v'], 9);
    expect(target.manifest.classNames).toEqual(['x', 'y', 'z', 'w', 'v']);
    expect(target.manifest.blocks.map((b) => b.name)).toEqual(['conv1', 'conv2', 'dense', 'head']);
    expect(source.manifest.classNames).toEqual(['a', 'b', 'c']);

    const bodyAfter = target.model.layers
      .filter((l) => l.name !== 'head')
      .flatMap((l) => l.getWeights().map((w) => Array.from(w.dataSync())));
    expect(bodyAfter).toEqual(bodyBefore);
    expect(target.model.getLayer('dense_fc')).toBe(source.model.getLayer('dense_fc'));
    expect(target.model.getLayer('head')).not.toBe(source.model.getLayer('head'));

    const x = batch();
    const [before, after] = [source.model.predict(x), target.model.predict(x)] as tf.Tensor[];
    expect(before.shape).toEqual([2, 3]);
    expect(after.shape).toEqual([2, 5]);

    // The new head is seeded: the same seed gives the same head.
    const again = replaceHead(source.model, source.manifest, ['x', 'y', 'z', 'w', 'v'], 9);
    const [k1, k2] = [target.model, again.model].map((m) =>
      Array.from(m.getLayer('head').getWeights()[0].dataSync()),
    );
    expect(k2).toEqual(k1);

    // Disposing a derived model must not free weights the source still uses.
    target.model.dispose();
    again.model.dispose();
    const stillWorks = source.model.predict(x) as tf.Tensor;
    expect(Array.from(stillWorks.dataSync())).toEqual(Array.from(before.dataSync()));
    tf.dispose([x, before, after, stillWorks]);
    source.model.dispose();
  });
});

describe('blockOutputsModel', () => {
  it('has one output per block, each the output of its last layer', () => {
    const { model, manifest } = tinyCnn();
    const probe = blockOutputsModel(model, manifest);
    expect(probe.outputs).toHaveLength(manifest.blocks.length);
    const x = batch(3);
    const outputs = probe.predict(x) as tf.Tensor[];
    expect(outputs.map((o) => o.shape)).toEqual([
      [3, 4, 4, 16],
      [3, 2, 2, 32],
      [3, 64],
      [3, 3],
    ]);
    const direct = model.predict(x) as tf.Tensor;
    expect(Array.from(outputs[3].dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([x, direct, ...outputs]);
    probe.dispose();
    model.dispose();
  });
});

describe('splitAtHead', () => {
  it('splits into a feature body and the head layer that recompose to the model', () => {
    const { model, manifest } = tinyCnn();
    const { body, head } = splitAtHead(model, manifest);
    expect(head).toBe(model.getLayer('head'));
    expect(body.outputs[0].shape).toEqual([null, 64]);
    const x = batch();
    const features = body.predict(x) as tf.Tensor;
    const recomposed = head.apply(features) as tf.Tensor;
    const direct = model.predict(x) as tf.Tensor;
    expect(Array.from(recomposed.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([x, features, recomposed, direct]);
    body.dispose();
    model.dispose();
  });

  it('wraps an imported head whose softmax is a separate layer', () => {
    const input = tfl.input({ shape: [4] });
    const hidden = tfl.layers.dense({ units: 3, activation: 'relu', name: 'hidden' }).apply(input);
    const logits = tfl.layers.dense({ units: 2, name: 'logits' }).apply(hidden);
    const probs = tfl.layers.activation({ activation: 'softmax', name: 'probs' }).apply(logits);
    const model = tfl.model({ inputs: input, outputs: probs as tfl.SymbolicTensor });
    const manifest: ModelManifest = {
      format: 'driftboard-model/1',
      architecture: 'imported',
      blocks: [
        { name: 'hidden', layerNames: ['hidden'] },
        { name: 'head', layerNames: ['logits', 'probs'] },
      ],
      inputShape: [4],
      inputDtype: 'float32',
      classNames: ['0', '1'],
    };
    const { body, head } = splitAtHead(model, manifest);
    const x = tf.tensor2d([[1, -2, 3, 0.5]]);
    const viaSplit = head.apply(body.predict(x) as tf.Tensor) as tf.Tensor;
    const direct = model.predict(x) as tf.Tensor;
    expect(Array.from(viaSplit.dataSync())).toEqual(Array.from(direct.dataSync()));

    // The model's own graph is untouched by the wrapper, so further surgery still works.
    const probe = blockOutputsModel(model, manifest);
    expect(probe.outputs).toHaveLength(2);
    tf.dispose([x, viaSplit, direct]);
  });
});

describe('layerWeightsByBlock', () => {
  it('lists each block’s weight variables in manifest order', () => {
    const { model, manifest } = tinyCnn();
    const weights = layerWeightsByBlock(model, manifest);
    expect([...weights.keys()]).toEqual(['conv1', 'conv2', 'dense', 'head']);
    expect(weights.get('conv1')?.map((w) => w.shape)).toEqual([[3, 3, 1, 16], [16]]);
    expect(weights.get('head')?.map((w) => w.shape)).toEqual([[64, 3], [3]]);
    expect(weights.get('dense')?.[0]).toBe(model.getLayer('dense_fc').weights[0]);
    model.dispose();
  });
});
