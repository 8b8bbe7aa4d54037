import { describe, expect, it } from 'vitest';
import { Rng } from '../util/rng.js';
import type { LabelledExamples, MaterialisedDataset } from './dataset.js';
import { addLabelNoise, applyQuality, withQuality } from './degrade.js';
import { mnistDataset } from './mnist.js';
import type { QualitySpec } from './quality-spec.js';
import { createSyntheticAudioDataset, createSyntheticTextDataset } from './synthetic.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function examples(count: number): LabelledExamples {
  const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
  return { inputs: new Float32Array(count), labels, cleanLabels: Int32Array.from(labels), count };
}

describe('label noise', () => {
  it('symmetric noise on 10,000 labels lands within ±1 point of the requested rate, spread over other classes', () => {
    const noisy = addLabelNoise(examples(10_000), DIGITS, { rate: 0.4, kind: 'symmetric' }, Rng.fromSeed(1));
    let changed = 0;
    const targets = new Set<number>();
    for (let i = 0; i < noisy.count; i++) {
      if (noisy.labels[i] !== noisy.cleanLabels[i]) {
        changed++;
        if (noisy.cleanLabels[i] === 0) targets.add(noisy.labels[i]);
      }
    }
    expect(Math.abs(changed / 10_000 - 0.4)).toBeLessThan(0.01);
    expect([...targets].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('asymmetric noise flips digits only to their confusable class', () => {
    const noisy = addLabelNoise(examples(1000), DIGITS, { rate: 0.5, kind: 'asymmetric' }, Rng.fromSeed(2));
    const flips = new Set<string>();
    for (let i = 0; i < noisy.count; i++) {
      if (noisy.labels[i] !== noisy.cleanLabels[i]) flips.add(`${noisy.cleanLabels[i]}→${noisy.labels[i]}`);
    }
    expect([...flips].sort()).toEqual(['2→7', '3→8', '5→6', '6→5', '7→1']);
  });

  it('keeps the true labels and is identical for the same seed', async () => {
    const spec = { labelNoise: { rate: 0.3, kind: 'symmetric' as const }, seed: 4 };
    const a = await withQuality(mnistDataset, spec).load({ role: 'target', seed: 1, limit: 500 });
    const b = await withQuality(mnistDataset, spec).load({ role: 'target', seed: 1, limit: 500 });
    const clean = await mnistDataset.load({ role: 'target', seed: 1, limit: 500 });
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.train.cleanLabels).toEqual(clean.train.labels);
    expect(a.realisedNoiseRate).toBeGreaterThan(0.25);
    expect(a.realisedNoiseRate).toBeLessThan(0.35);
  });

  it('refuses a corruption for another modality, naming the ones that fit', () => {
    expect(() => withQuality(mnistDataset, { corruption: { kind: 'typos', rate: 0.1 }, seed: 0 })).toThrow(
      'corruption "typos" applies to TEXT datasets; "mnist" is IMAGE (its corruptions: gaussian-noise, gaussian-blur, contrast, pixelate)',
    );
  });
});

/** Every byte of every split, to compare two loads exactly. */
function bytes(data: MaterialisedDataset): Buffer {
  return Buffer.concat(
    (['train', 'validation', 'probe'] as const).flatMap((split) =>
      [data[split].inputs, data[split].labels, data[split].cleanLabels].map((a) =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      ),
    ),
  );
}

const LOAD = { role: 'target', seed: 1, limit: 1000 } as const;

describe('quality profiles', () => {
  const profile = (seed: number): QualitySpec => ({
    labelNoise: { rate: 0.3, kind: 'symmetric' },
    corruption: { kind: 'gaussian-noise', severity: 3 },
    imbalance: 5,
    sampleSize: 400,
    seed,
  });

  it('the same seed gives a byte-identical dataset, another seed a different one', async () => {
    const a = await withQuality(mnistDataset, profile(1)).load(LOAD);
    const b = await withQuality(mnistDataset, profile(1)).load(LOAD);
    const c = await withQuality(mnistDataset, profile(2)).load(LOAD);
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(a.realisedNoiseRate).toBe(b.realisedNoiseRate);
    expect(Buffer.from(a.train.inputs.buffer).equals(Buffer.from(c.train.inputs.buffer))).toBe(false);
    expect(a.train.labels).not.toEqual(c.train.labels);
    expect(a.train.count).toBe(400);
  });

  it('corrupts the inputs of train, validation and probe, leaving the labels', async () => {
    const spec: QualitySpec = { corruption: { kind: 'contrast', severity: 5 }, seed: 3 };
    const { clean, degraded } = await applyQuality(mnistDataset, spec, LOAD);
    for (const split of ['train', 'validation', 'probe'] as const) {
      expect(degraded[split].count).toBe(clean[split].count);
      expect(degraded[split].inputs).not.toEqual(clean[split].inputs);
      expect(degraded[split].labels).toEqual(clean[split].labels);
      expect(degraded[split].cleanLabels).toEqual(clean[split].cleanLabels);
    }
    expect(degraded.realisedNoiseRate).toBe(0);
  });

  it('adding a corruption does not change which labels the noise flips', async () => {
    const labelNoise = { rate: 0.4, kind: 'symmetric' as const };
    const noisy = await withQuality(mnistDataset, { labelNoise, seed: 5 }).load(LOAD);
    const both = await withQuality(mnistDataset, {
      labelNoise,
      corruption: { kind: 'pixelate', severity: 2 },
      seed: 5,
    }).load(LOAD);
    expect(both.train.labels).toEqual(noisy.train.labels);
    expect(both.validation.labels).toEqual(noisy.validation.labels);
  });

  it('imbalance: class sizes decay geometrically to the requested largest : smallest ratio', async () => {
    const { degraded, clean, trainRows } = await applyQuality(
      mnistDataset,
      { imbalance: 10, seed: 1 },
      { role: 'target', seed: 1 },
    );
    const counts = Array<number>(10).fill(0);
    degraded.train.cleanLabels.forEach((label) => counts[label]++);
    for (let k = 1; k < 10; k++) expect(counts[k]).toBeLessThan(counts[k - 1]);
    expect(counts[0] / counts[9]).toBeCloseTo(10, 0);
    expect(Math.abs(counts[0] / counts[9] - 10)).toBeLessThan(0.3);
    // Rows map back to the clean split; validation stays balanced and whole.
    trainRows.forEach((row, i) => expect(clean.train.labels[row]).toBe(degraded.train.labels[i]));
    expect(degraded.validation).toEqual(clean.validation);
  });

  it('additive noise on feature frames without raw audio: each example at the requested SNR', async () => {
    const source = createSyntheticAudioDataset({ examplesPerClass: 10 });
    const spec: QualitySpec = { corruption: { kind: 'additive-noise', snrDb: 6 }, seed: 1 };
    const { clean, degraded } = await applyQuality(source, spec, { role: 'target', seed: 0 });
    const size = 20 * 13;
    for (let row = 0; row < clean.train.count; row++) {
      const before = clean.train.inputs.subarray(row * size, (row + 1) * size);
      const after = degraded.train.inputs.subarray(row * size, (row + 1) * size);
      let signal = 0;
      let noise = 0;
      before.forEach((v, i) => {
        signal += v * v;
        noise += (after[i] - v) ** 2;
      });
      expect(10 * Math.log10(signal / noise)).toBeCloseTo(6, 2);
    }
  });

  it('typos on token ids without raw text move ids to neighbours, never padding', async () => {
    const source = createSyntheticTextDataset({ examplesPerClass: 20 });
    const spec: QualitySpec = { corruption: { kind: 'typos', rate: 0.2 }, seed: 1 };
    const { clean, degraded } = await applyQuality(source, spec, { role: 'target', seed: 0 });
    let changed = 0;
    clean.train.inputs.forEach((id, i) => {
      const typed = degraded.train.inputs[i];
      if (id === 0) expect(typed).toBe(0);
      else if (typed !== id) {
        changed++;
        expect(Math.abs(typed - id)).toBe(1);
      }
    });
    expect(changed).toBeGreaterThan(0);
  });
});
