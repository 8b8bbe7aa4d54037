import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import { buildModel } from './architectures.js';
import { loadModel, saveModel } from './model-io.js';

let root: string;

beforeAll(async () => {
  await selectBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftboard-model-io-'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function weightBytes(model: tfl.LayersModel): Buffer[] {
  return model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).slice().buffer));
}

/** Saves a model the way a user's own tooling would: a standard folder without a driftboard manifest. */
async function savePlain(dir: string, model: tfl.LayersModel): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      fs.writeFileSync(
        path.join(dir, 'w.bin'),
        new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)),
      );
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        weightsManifest: [{ paths: ['w.bin'], weights: artifacts.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

describe('saveModel / loadModel', () => {
  it('round-trips weights bit-identically and keeps the manifest', async () => {
    const built = buildModel({
      architecture: 'text',
      inputShape: [6],
      inputDtype: 'int32',
      classNames: ['neg', 'pos'],
      vocabularySize: 30,
      units: 8,
      seed: 11,
      datasetName: 'toy-text',
    });
    const dir = path.join(root, 'text');
    await saveModel(dir, built.model, built.manifest);

    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.userDefinedMetadata.driftboard).toEqual(built.manifest);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);

    const loaded = await loadModel(dir);
    expect(loaded.manifest).toEqual(built.manifest);
    expect(loaded.model.inputs[0].dtype).toBe('int32');
    const before = weightBytes(built.model);
    const after = weightBytes(loaded.model);
    expect(after.length).toBe(before.length);
    after.forEach((bytes, i) => expect(Buffer.compare(bytes, before[i])).toBe(0));
    expect(loaded.model.layers.map((l) => l.name)).toEqual(built.model.layers.map((l) => l.name));

    const x = tf.tensor2d([[1, 2, 3, 4, 5, 29]], [1, 6], 'int32');
    const [a, b] = [built.model.predict(x), loaded.model.predict(x)] as tf.Tensor[];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    built.model.dispose();
    loaded.model.dispose();
  });

  it('infers blocks with head last for a plain model without a manifest', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'features' }),
        tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
        tfl.layers.flatten({ name: 'flat' }),
        tfl.layers.dense({ units: 5, activation: 'relu', name: 'hidden' }),
        tfl.layers.dense({ units: 4, activation: 'softmax', name: 'classes' }),
      ],
    });
    const dir = path.join(root, 'plain');
    await savePlain(dir, model);

    const { model: loaded, manifest } = await loadModel(dir);
    expect(manifest).toEqual({
      format: 'driftboard-model/1',
      architecture: 'imported',
      blocks: [
        { name: 'features', layerNames: ['features', 'pool', 'flat'] },
        { name: 'hidden', layerNames: ['hidden'] },
        { name: 'head', layerNames: ['classes'] },
      ],
      inputShape: [6, 6, 2],
      inputDtype: 'float32',
      classNames: ['0', '1', '2', '3'],
    });
    const before = weightBytes(model);
    weightBytes(loaded).forEach((bytes, i) => expect(Buffer.compare(bytes, before[i])).toBe(0));

    // Saving it again stores the inferred manifest, so the next load reads it back.
    const again = path.join(root, 'plain-again');
    await saveModel(again, loaded, manifest);
    expect((await loadModel(again)).manifest).toEqual(manifest);
    model.dispose();
    loaded.dispose();
  });

  it('loads an LSTM whose topology asks for the orthogonal initializer', async () => {
    // tfjs-layers' Orthogonal initializer calls chained tensor methods that only
    // the full @tensorflow/tfjs bundle registers; Keras LSTMs use it by default.
    const built = buildModel({
      architecture: 'lstm',
      inputShape: [3, 13],
      inputDtype: 'float32',
      classNames: ['x', 'y'],
      units: 2,
      seed: 5,
    });
    const dir = path.join(root, 'lstm');
    await saveModel(dir, built.model, built.manifest);
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete json.userDefinedMetadata;
    const text = JSON.stringify(json).replaceAll(
      /"recurrent_initializer":\{"class_name":"VarianceScaling","config":\{[^}]*\}\}/g,
      '"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":1,"seed":null}}',
    );
    expect(text).toContain('Orthogonal');
    fs.writeFileSync(file, text);

    const { model, manifest } = await loadModel(dir);
    expect(manifest.blocks.map((b) => b.name)).toEqual(['lstm1', 'lstm2', 'head']);
    const before = weightBytes(built.model);
    weightBytes(model).forEach((bytes, i) => expect(Buffer.compare(bytes, before[i])).toBe(0));
    built.model.dispose();
    model.dispose();
  });

  it('refuses a model whose last weighted layer is not Dense', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', name: 'dense' }),
        tfl.layers.batchNormalization({ name: 'norm' }),
      ],
    });
    const dir = path.join(root, 'no-dense-head');
    await savePlain(dir, model);
    await expect(loadModel(dir)).rejects.toThrow(
      /norm, is a BatchNormalization; the classifier head must be a Dense/,
    );
    model.dispose();
  });

  it('explains a missing folder, a missing model.json, bad JSON and a missing weights file', async () => {
    const missing = path.join(root, 'does-not-exist');
    await expect(loadModel(missing)).rejects.toThrow(
      `no model.json in ${missing} (the folder does not exist)`,
    );

    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    await expect(loadModel(empty)).rejects.toThrow(`no model.json in ${empty}`);

    const broken = path.join(root, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'model.json'), '{"modelTopology": ');
    await expect(loadModel(broken)).rejects.toThrow(/model\.json is not valid JSON/);

    const noWeights = path.join(root, 'no-weights');
    const built = buildModel({
      architecture: 'cnn-ref',
      inputShape: [4, 4, 1],
      inputDtype: 'float32',
      classNames: ['a', 'b'],
      seed: 1,
    });
    await saveModel(noWeights, built.model, built.manifest);
    fs.rmSync(path.join(noWeights, 'weights.bin'));
    await expect(loadModel(noWeights)).rejects.toThrow(
      /lists weights file weights\.bin, which cannot be read/,
    );
    built.model.dispose();
  });
});
