import { describe, expect, it } from 'vitest';
import { Rng } from '../util/rng.js';
import type { LabelledExamples } from './dataset.js';
import { addLabelNoise, withQuality } from './degrade.js';
import { mnistDataset } from './mnist.js';

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

  it('refuses what it cannot apply yet, by name', () => {
    expect(() =>
      withQuality(mnistDataset, { corruption: { kind: 'gaussian-blur', severity: 2 }, seed: 0 }),
    ).toThrow('corruption "gaussian-blur" cannot be applied yet');
  });
});
