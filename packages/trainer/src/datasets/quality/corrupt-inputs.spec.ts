import { describe, expect, it } from 'vitest';
import type { DatasetInfo, LoadDatasetOptions } from '../dataset.js';
import { applyQuality, withQuality } from '../degrade.js';
import { materialiseRole, splitRole } from '../materialise.js';
import type { AudioDatasetSource, RawSplits, TextDatasetSource } from '../source-hooks.js';
import { OOV_ID, TextTokenizer, Vocabulary, tokenize } from '../text-tokenizer.js';

/** Rows 0..n-1 split into two classes by parity, as the sources below label them. */
const byParity = (n: number) => [0, 1].map((c) => Array.from({ length: n / 2 }, (_, k) => 2 * k + c));

function rawSplits<T>(items: T[], options: LoadDatasetOptions): RawSplits<T> {
  const split = splitRole(byParity(items.length), options);
  const pick = (ids: number[]) => ids.map((id) => items[id]);
  return { train: pick(split.train), validation: pick(split.validation), probe: pick(split.probe) };
}

function textSource(): TextDatasetSource {
  const texts = Array.from({ length: 40 }, (_, i) =>
    i % 2 ? `cheap pills offer number ${i} today` : `meeting notes for the project review ${i}`,
  );
  const tokenizer = new TextTokenizer(
    Vocabulary.build(
      texts.map((t) => tokenize(t)),
      { minCount: 1 },
    ),
    8,
  );
  const info: DatasetInfo = {
    name: 'tiny-text',
    modality: 'TEXT',
    inputShape: [8],
    inputDtype: 'int32',
    classNames: ['ham', 'spam'],
    vocabularySize: tokenizer.vocabularySize,
    size: texts.length,
  };
  const pool = {
    inputs: tokenizer.encodeAll(texts),
    labels: Int32Array.from(texts, (_, i) => i % 2),
    exampleSize: 8,
  };
  return {
    name: info.name,
    describe: () => info,
    load: async (options) => materialiseRole(pool, byParity(texts.length), info, options),
    text: {
      loadTokenizer: async () => tokenizer,
      loadTexts: async (options) => rawSplits(texts, options),
    },
  };
}

const RATE = 16_000;
const tone = (hz: number) =>
  Float32Array.from({ length: 1600 }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));
/** Features: the RMS of each quarter of the middle of the clip (the filter's edges left out). */
function featurize(clip: Float32Array): Float32Array {
  return Float32Array.from({ length: 4 }, (_, q) => {
    const part = clip.subarray(200 + q * 300, 200 + (q + 1) * 300);
    return Math.sqrt(part.reduce((a, v) => a + v * v, 0) / part.length);
  });
}

function audioSource(calls: Float32Array[]): AudioDatasetSource {
  const clips = Array.from({ length: 40 }, (_, i) => tone(i % 2 ? 6_000 : 500));
  const info: DatasetInfo = {
    name: 'tiny-audio',
    modality: 'AUDIO',
    inputShape: [4, 1],
    inputDtype: 'float32',
    classNames: ['low', 'high'],
    size: clips.length,
  };
  const inputs = new Float32Array(clips.length * 4);
  clips.forEach((clip, i) => inputs.set(featurize(clip), i * 4));
  const pool = { inputs, labels: Int32Array.from(clips, (_, i) => i % 2), exampleSize: 4 };
  return {
    name: info.name,
    describe: () => info,
    load: async (options) => materialiseRole(pool, byParity(clips.length), info, options),
    audio: {
      sampleRate: RATE,
      loadWaveforms: async (options) => rawSplits(clips, options),
      loadFeaturizer: async () => (clip) => {
        calls.push(clip);
        return featurize(clip);
      },
    },
  };
}

describe('corruptions through raw-text and raw-audio hooks', () => {
  it('typos go into the raw text, which is re-tokenised (typo’d words fall out of the vocabulary)', async () => {
    const source = textSource();
    const spec = { corruption: { kind: 'typos' as const, rate: 0.3 }, seed: 1 };
    const options = { role: 'target' as const, seed: 0, validationFraction: 0.25 };
    const { clean, degraded, trainTexts } = await applyQuality(source, spec, options);
    const tokenizer = await source.text.loadTokenizer();
    expect(trainTexts).toBeDefined();
    const { train } = await source.text.loadTexts(options);
    expect(trainTexts!.clean).toEqual(train);
    expect(trainTexts!.degraded).not.toEqual(train);
    expect(degraded.train.inputs).toEqual(tokenizer.encodeAll(trainTexts!.degraded));
    expect(degraded.train.inputs.filter((id) => id === OOV_ID).length).toBeGreaterThan(
      clean.train.inputs.filter((id) => id === OOV_ID).length,
    );
    const again = await withQuality(source, spec).load(options);
    expect(again.train.inputs).toEqual(degraded.train.inputs);
  });

  it('band-limiting filters the waveforms and recomputes the features', async () => {
    const calls: Float32Array[] = [];
    const source = audioSource(calls);
    const spec = { corruption: { kind: 'band-limit' as const, sampleRate: 8_000 }, seed: 1 };
    const { clean, degraded } = await applyQuality(source, spec, { role: 'target', seed: 0 });
    expect(calls.length).toBe(clean.train.count + clean.validation.count + clean.probe.count);
    for (let row = 0; row < clean.train.count; row++) {
      const before = clean.train.inputs.subarray(row * 4, row * 4 + 4);
      const after = degraded.train.inputs.subarray(row * 4, row * 4 + 4);
      // 6 kHz lies above the 4 kHz a phone at 8 kHz keeps; 500 Hz does not.
      if (clean.train.labels[row] === 1) after.forEach((v) => expect(v).toBeLessThan(0.02));
      else after.forEach((v, i) => expect(v).toBeCloseTo(before[i], 2));
    }
  });

  it('refuses a band limit at or above the raw audio’s own rate', () => {
    const source = audioSource([]);
    expect(() =>
      withQuality(source, { corruption: { kind: 'band-limit', sampleRate: 16_000 }, seed: 0 }),
    ).toThrow('"tiny-audio" is sampled at 16000 Hz');
  });
});
