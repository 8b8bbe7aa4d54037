import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EspeakMissingError } from './audio/espeak.js';
import {
  createSpeechCommandsSynthDataset,
  speechCommandsSynthDataset,
  type SpeechCommandsSynthOptions,
} from './speech-commands-synth.js';

const hasEspeak = (() => {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const temp = mkdtempSync(path.join(tmpdir(), 'speech-synth-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** 2 words × 2 voices (one per role) × 1 speed × 2 pitches = 8 utterances. */
const TINY: SpeechCommandsSynthOptions = {
  words: ['yes', 'no'],
  sourceVoices: ['en-us+m1'],
  targetVoices: ['en-gb-scotland+f2'],
  speeds: [160],
  pitches: [40, 60],
};

describe('speech-commands-synth', () => {
  it('describes the default grid without generating anything', () => {
    const info = speechCommandsSynthDataset.describe();
    expect(info).toMatchObject({
      name: 'speech-commands-synth',
      modality: 'AUDIO',
      inputShape: [49, 13],
      size: 2520,
    });
    expect(info.classNames).toEqual(['yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go']);
    const cacheDir = path.join(temp, 'untouched');
    const tiny = createSpeechCommandsSynthDataset({ ...TINY, cacheDir });
    expect(tiny.describe().size).toBe(8);
    expect(existsSync(cacheDir)).toBe(false);
    // Other settings are other data under the same name; the built-in is known by its name alone.
    expect(tiny.fingerprint).toMatch(/^speech-commands-synth@[0-9a-f]{16}$/);
    expect(speechCommandsSynthDataset.fingerprint).toBeUndefined();
    expect(createSpeechCommandsSynthDataset().fingerprint).toBeUndefined();
  });

  it('refuses bad settings when made', () => {
    expect(() => createSpeechCommandsSynthDataset({ ...TINY, words: ['yes'] })).toThrow(/at least 2 words/);
    expect(() => createSpeechCommandsSynthDataset({ ...TINY, words: ['-x', 'yes'] })).toThrow(/words/);
    expect(() => createSpeechCommandsSynthDataset({ ...TINY, targetVoices: ['en-us+m1'] })).toThrow(
      /both roles/,
    );
    expect(() => createSpeechCommandsSynthDataset({ ...TINY, speeds: [10] })).toThrow(/speeds/);
  });

  it('names the Debian package when espeak-ng is missing', async () => {
    const cacheDir = path.join(temp, 'missing');
    const source = createSpeechCommandsSynthDataset({
      ...TINY,
      cacheDir,
      espeakPath: path.join(temp, 'no-such-espeak-ng'),
    });
    const failure = source.load({ role: 'source', seed: 1 });
    await expect(failure).rejects.toBeInstanceOf(EspeakMissingError);
    await expect(source.load({ role: 'source', seed: 1 })).rejects.toThrow(
      /Debian package "espeak-ng".*apt-get install espeak-ng/,
    );
    // Nothing half-written.
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });

  it.skipIf(!hasEspeak)('generates once, caches, and gives standardised [49, 13] frames', async () => {
    const cacheDir = path.join(temp, 'cache');
    let synthesised = 0;
    const source = createSpeechCommandsSynthDataset({ ...TINY, cacheDir, onProgress: () => synthesised++ });
    const data = await source.load({ role: 'source', seed: 1, validationFraction: 0.5 });
    expect(synthesised).toBe(8);
    expect(data.info).toMatchObject({
      inputShape: [49, 13],
      inputDtype: 'float32',
      classNames: ['yes', 'no'],
      size: 4,
    });
    expect(data.train.count + data.validation.count).toBe(4);
    expect(data.train.inputs.length).toBe(data.train.count * 49 * 13);
    expect(data.train.inputs.every(Number.isFinite)).toBe(true);
    const folders = readdirSync(cacheDir);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^speech-commands-synth-[0-9a-f]{16}$/);
    expect(readdirSync(path.join(cacheDir, folders[0])).sort()).toEqual([
      'clips.i16',
      'features.f32',
      'meta.json',
    ]);

    // The same process loads from memory; another source (another process) from the cache folder,
    // never running espeak-ng: its binary does not even exist.
    await source.load({ role: 'target', seed: 1 });
    expect(synthesised).toBe(8);
    const cached = createSpeechCommandsSynthDataset({
      ...TINY,
      cacheDir,
      espeakPath: path.join(temp, 'no-such-espeak-ng'),
    });
    const again = await cached.load({ role: 'source', seed: 1, validationFraction: 0.5 });
    expect(again.train.inputs).toEqual(data.train.inputs);
    expect(again.validation.labels).toEqual(data.validation.labels);

    // Different roles are different speakers; both roles have both words.
    const target = await cached.load({ role: 'target', seed: 1, validationFraction: 0.5 });
    expect([...target.train.labels, ...target.validation.labels].sort()).toEqual([0, 0, 1, 1]);
    expect(target.train.inputs).not.toEqual(data.train.inputs);
  });

  it.skipIf(!hasEspeak)(
    'refuses a voice or variant espeak-ng does not have (it would ignore the variant)',
    async () => {
      const source = createSpeechCommandsSynthDataset({
        ...TINY,
        cacheDir: path.join(temp, 'bad-voice'),
        targetVoices: ['en-gb-scotland+nosuchvariant'],
      });
      await expect(source.load({ role: 'source', seed: 1 })).rejects.toThrow(
        'espeak-ng has no voice en-gb-scotland+nosuchvariant',
      );
    },
  );

  it.skipIf(!hasEspeak)(
    'hands out the one-second clips behind each row, which featurise to that row',
    async () => {
      const cacheDir = path.join(temp, 'cache');
      const source = createSpeechCommandsSynthDataset({
        ...TINY,
        cacheDir,
        espeakPath: path.join(temp, 'no-such-espeak-ng'),
      });
      const options = { role: 'target' as const, seed: 2, validationFraction: 0.5, probeSize: 1 };
      const [data, clips, featurize] = await Promise.all([
        source.load(options),
        source.audio.loadWaveforms(options),
        source.audio.loadFeaturizer(),
      ]);
      expect(source.audio.sampleRate).toBe(16_000);
      expect(clips.train).toHaveLength(data.train.count);
      expect(clips.probe).toHaveLength(1);
      clips.train.forEach((clip, i) => {
        expect(clip.length).toBe(16_000);
        expect(Math.max(...clip.map(Math.abs))).toBeCloseTo(0.5, 2); // peak-normalised speech
        expect(featurize(clip)).toEqual(data.train.inputs.subarray(i * 637, (i + 1) * 637));
      });
    },
  );
});
