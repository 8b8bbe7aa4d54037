import { describe, expect, it } from 'vitest';
import type { DatasetSource, LabelledExamples } from './dataset.js';
import {
  createSyntheticAudioDataset,
  createSyntheticImageDataset,
  createSyntheticTextDataset,
  type SyntheticDatasetOptions,
} from './synthetic.js';

interface Case {
  name: string;
  create: (options?: SyntheticDatasetOptions) => DatasetSource;
  modality: string;
  inputShape: number[];
  inputDtype: 'float32' | 'int32';
  classes: number;
  perClass: number;
}

const CASES: Case[] = [
  {
    name: 'synthetic-image',
    create: createSyntheticImageDataset,
    modality: 'IMAGE',
    inputShape: [12, 12, 1],
    inputDtype: 'float32',
    classes: 4,
    perClass: 100,
  },
  {
    name: 'synthetic-text',
    create: createSyntheticTextDataset,
    modality: 'TEXT',
    inputShape: [16],
    inputDtype: 'int32',
    classes: 3,
    perClass: 150,
  },
  {
    name: 'synthetic-audio',
    create: createSyntheticAudioDataset,
    modality: 'AUDIO',
    inputShape: [20, 13],
    inputDtype: 'float32',
    classes: 4,
    perClass: 100,
  },
];

/** Features for a nearest-centroid check: raw values, or a token histogram for text. */
function features(examples: LabelledExamples, i: number, exampleSize: number, text: boolean): Float64Array {
  const row = examples.inputs.subarray(i * exampleSize, (i + 1) * exampleSize);
  if (!text) return Float64Array.from(row);
  const histogram = new Float64Array(50);
  for (const token of row) histogram[token]++;
  return histogram;
}

/** Accuracy of a nearest-class-mean classifier fit on `train`: a cheap "is there learnable signal" check. */
function nearestCentroidAccuracy(
  train: LabelledExamples,
  test: LabelledExamples,
  classes: number,
  exampleSize: number,
  text: boolean,
): number {
  const dim = features(train, 0, exampleSize, text).length;
  const sums = Array.from({ length: classes }, () => new Float64Array(dim));
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < train.count; i++) {
    const f = features(train, i, exampleSize, text);
    counts[train.labels[i]]++;
    f.forEach((v, j) => (sums[train.labels[i]][j] += v));
  }
  const centroids = sums.map((sum, c) => sum.map((v) => v / counts[c]));
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    const f = features(test, i, exampleSize, text);
    const distances = centroids.map((centroid) => centroid.reduce((d, v, j) => d + (v - f[j]) ** 2, 0));
    if (distances.indexOf(Math.min(...distances)) === test.labels[i]) correct++;
  }
  return correct / test.count;
}

describe.each(CASES)('$name', (c) => {
  const exampleSize = c.inputShape.reduce((a, b) => a * b, 1);
  const text = c.inputDtype === 'int32';

  it('describes itself', () => {
    const info = c.create().describe();
    expect(info.name).toBe(c.name);
    expect(info.modality).toBe(c.modality);
    expect(info.inputShape).toEqual(c.inputShape);
    expect(info.inputDtype).toBe(c.inputDtype);
    expect(info.classNames).toHaveLength(c.classes);
    expect(info.size).toBe(2 * c.classes * c.perClass);
    if (text) expect(info.vocabularySize).toBe(50);
  });

  it('has balanced roles, the right shapes and dtypes, and values in range', async () => {
    for (const role of ['source', 'target'] as const) {
      const dataset = await c.create().load({ role, seed: 1 });
      expect(dataset.info.size).toBe(c.classes * c.perClass);
      expect(dataset.train.count + dataset.validation.count).toBe(dataset.info.size);
      for (const split of [dataset.train, dataset.validation, dataset.probe]) {
        expect(split.inputs).toBeInstanceOf(text ? Int32Array : Float32Array);
        expect(split.inputs.length).toBe(split.count * exampleSize);
        expect([...split.cleanLabels]).toEqual([...split.labels]);
        // One expect per split, not per value: per-value expects take seconds.
        const [low, high] = text ? [0, 49] : c.modality === 'IMAGE' ? [0, 1] : [-Infinity, Infinity];
        expect(split.inputs.every((value) => Number.isFinite(value) && value >= low && value <= high)).toBe(
          true,
        );
      }
      const counts = new Array<number>(c.classes).fill(0);
      for (const label of dataset.train.labels) counts[label]++;
      counts.forEach((count) => expect(Math.abs(count - c.perClass * 0.8)).toBeLessThanOrEqual(2));
    }
  });

  it('is deterministic from the data seed and the load seed', async () => {
    const a = await c.create().load({ role: 'target', seed: 4 });
    const b = await c.create().load({ role: 'target', seed: 4 });
    expect(a).toEqual(b);
    const reordered = await c.create().load({ role: 'target', seed: 5 });
    expect([...reordered.train.labels]).not.toEqual([...a.train.labels]);
    const regenerated = await c.create({ dataSeed: 2 }).load({ role: 'target', seed: 4 });
    expect([...regenerated.train.inputs]).not.toEqual([...a.train.inputs]);
  });

  it('is learnable within a role, and the target is shifted from the source', async () => {
    const source = await c.create().load({ role: 'source', seed: 1 });
    const target = await c.create().load({ role: 'target', seed: 1 });
    const within = nearestCentroidAccuracy(source.train, source.validation, c.classes, exampleSize, text);
    const targetWithin = nearestCentroidAccuracy(
      target.train,
      target.validation,
      c.classes,
      exampleSize,
      text,
    );
    const across = nearestCentroidAccuracy(source.train, target.validation, c.classes, exampleSize, text);
    expect(within).toBeGreaterThan(0.9);
    expect(targetWithin).toBeGreaterThan(0.7);
    // Related (well above chance) but shifted (worse than training on the target itself).
    expect(across).toBeGreaterThan(1.5 / c.classes);
    expect(across).toBeLessThan(targetWithin);
  });

  it('can be made tiny and renamed for tests', async () => {
    const tiny = c.create({ examplesPerClass: 5, name: `${c.name}-tiny` });
    expect(tiny.name).toBe(`${c.name}-tiny`);
    expect(tiny.describe().size).toBe(2 * 5 * c.classes);
    const dataset = await tiny.load({ role: 'source', seed: 1, probeSize: 3 });
    expect(dataset.info.name).toBe(`${c.name}-tiny`);
    expect(dataset.train.count).toBe(4 * c.classes);
    expect(dataset.validation.count).toBe(c.classes);
    expect(new Set(dataset.validation.labels).size).toBe(c.classes);
    expect(dataset.probe.count).toBe(3);
    expect(() => c.create({ examplesPerClass: 0 })).toThrow(/examplesPerClass/);
  });
});
