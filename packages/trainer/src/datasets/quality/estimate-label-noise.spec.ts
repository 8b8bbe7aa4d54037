import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train } from '../../training/train.js';
import { withQuality } from '../degrade.js';
import { mnistDataset } from '../mnist.js';
import { createSyntheticImageDataset } from '../synthetic.js';
import { estimateLabelNoise, estimateLabelNoiseFromProbabilities } from './estimate-label-noise.js';

describe('confident joint', () => {
  it('counts confident disagreement with the given labels, calibrated per given class', () => {
    // Four examples labelled "a": three look like "a", one confidently like "b"; two "b"s look like "b".
    const p = Float32Array.from([0.9, 0.1, 0.8, 0.2, 0.95, 0.05, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9]);
    const estimate = estimateLabelNoiseFromProbabilities(p, Int32Array.from([0, 0, 0, 0, 1, 1]), ['a', 'b']);
    expect(estimate).toMatchObject({ estimable: true, confidentFraction: 1, examples: 6 });
    if (!estimate.estimable) throw new Error('not estimable');
    expect(estimate.perClass).toEqual({ a: 0.25, b: 0 });
    expect(estimate.rate).toBeCloseTo((4 / 6) * 0.25, 10);
  });
});

describe('estimating label noise with a source model', () => {
  let dir: string;
  let modelPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'driftboard-noise-'));
    modelPath = path.join(dir, 'mnist-source');
    // A source model pretrained on mnist's source half (about 4 s on two cores).
    for await (const event of train({
      source: { architecture: 'cnn-ref' },
      dataset: 'mnist',
      strategy: { kind: 'full', epochs: 2 },
      limit: 2000,
      saveTo: modelPath,
    })) {
      if (event.type === 'failed') throw new Error(event.error);
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lands within 0.1 of 30 % symmetric noise on mnist’s target half, and near 0 on clean labels', async () => {
    const noisy = await withQuality(mnistDataset, {
      labelNoise: { rate: 0.3, kind: 'symmetric' },
      seed: 1,
    }).load({
      role: 'target',
      seed: 1,
      limit: 2000,
    });
    const estimate = await estimateLabelNoise({ model: modelPath, info: noisy.info, examples: noisy.train });
    if (!estimate.estimable) throw new Error(estimate.reason);
    expect(Math.abs(estimate.rate - 0.3)).toBeLessThan(0.1);
    expect(estimate.confidentFraction).toBeGreaterThan(0.5);
    expect(Object.keys(estimate.perClass)).toHaveLength(10);

    const clean = await mnistDataset.load({ role: 'target', seed: 1, limit: 2000 });
    const cleanEstimate = await estimateLabelNoise({
      model: modelPath,
      info: clean.info,
      examples: clean.train,
    });
    expect(cleanEstimate.rate).toBeLessThan(0.1);
  });

  it('says why it cannot estimate when the model predicts other classes', async () => {
    const other = await createSyntheticImageDataset({ examplesPerClass: 5 }).load({
      role: 'target',
      seed: 0,
    });
    const estimate = await estimateLabelNoise({ model: modelPath, info: other.info, examples: other.train });
    expect(estimate).toEqual({
      estimable: false,
      rate: null,
      reason: expect.stringContaining('the source model predicts 10 classes (0, 1, 2, 3, 4, 5, …)'),
    });
  });
});
