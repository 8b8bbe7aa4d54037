import { describe, expect, it } from 'vitest';
import type { DatasetSource } from './dataset.js';
import { getDataset, listDatasets, registerDataset, unregisterDataset } from './registry.js';
import { createSyntheticImageDataset } from './synthetic.js';

const BUILT_INS = [
  'mnist',
  'synthetic-image',
  'synthetic-text',
  'synthetic-audio',
  'spam-assassin',
  'speech-commands-synth',
];

describe('dataset registry', () => {
  it('lists the built-in datasets in order, without loading them', () => {
    const infos = listDatasets();
    expect(infos.map((info) => info.name)).toEqual(BUILT_INS);
    expect(infos.map((info) => info.modality)).toEqual(['IMAGE', 'IMAGE', 'TEXT', 'AUDIO', 'TEXT', 'AUDIO']);
  });

  it('gets a dataset by name', () => {
    for (const name of BUILT_INS) expect(getDataset(name).name).toBe(name);
  });

  it('names every available dataset when the name is unknown', () => {
    expect(() => getDataset('foo')).toThrow(
      'unknown dataset "foo"; available: mnist, synthetic-image, synthetic-text, synthetic-audio, spam-assassin, speech-commands-synth',
    );
  });

  it('registers, refuses duplicates unless replacing, and unregisters', async () => {
    const tiny = createSyntheticImageDataset({ name: 'tiny-image', examplesPerClass: 3 });
    registerDataset(tiny);
    try {
      expect(getDataset('tiny-image')).toBe(tiny);
      expect(listDatasets().map((info) => info.name)).toEqual([...BUILT_INS, 'tiny-image']);
      expect((await getDataset('tiny-image').load({ role: 'source', seed: 1 })).info.size).toBe(12);
      expect(() => getDataset('nope')).toThrow(/available: .*speech-commands-synth, tiny-image$/);

      const other = createSyntheticImageDataset({ name: 'tiny-image', examplesPerClass: 2 });
      expect(() => registerDataset(other)).toThrow(/already registered/);
      expect(() => registerDataset(createSyntheticImageDataset({ name: 'mnist' }))).toThrow(
        /already registered/,
      );
      registerDataset(other, { replace: true });
      expect(getDataset('tiny-image')).toBe(other);
    } finally {
      expect(unregisterDataset('tiny-image')).toBe(true);
    }
    expect(unregisterDataset('tiny-image')).toBe(false);
    expect(() => getDataset('tiny-image')).toThrow(/unknown dataset/);
  });

  it('rejects a source whose description disagrees with its name', () => {
    const inner = createSyntheticImageDataset({ examplesPerClass: 1 });
    const liar: DatasetSource = {
      name: 'liar',
      describe: () => inner.describe(),
      load: (o) => inner.load(o),
    };
    expect(() => registerDataset(liar)).toThrow(/describes itself as "synthetic-image"/);
    expect(() => registerDataset({ ...liar, name: '' })).toThrow(/non-empty name/);
  });
});
