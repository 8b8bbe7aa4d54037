/**
 * `speech-commands-synth`: spoken command words (the ten core words of
 * Google's Speech Commands) synthesised with Debian's `espeak-ng` in several
 * English accents × voice variants × speeds × pitches, as MFCC frames
 * ([49, 13], see audio/speech-features.ts) for the `lstm` architecture.
 *
 * Roles are speakers: the source role uses some accents and voice variants,
 * the target role others, so fine-tuning adapts to new speakers and accents
 * of the same words.
 *
 * Nothing is synthesised at import time or by `describe()`. The first
 * `load()` generates every utterance (a few thousand espeak-ng processes, two
 * at a time, ~20–40 s) and caches the features and 16-bit clips in a folder
 * named after a hash of the generation settings under the dataset cache
 * folder; later loads, in any process, read that folder (~0.1 s).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Rng } from '../util/rng.js';
import {
  defaultEspeakPath,
  espeakVersion,
  listEspeakVoices,
  synthesise,
  unknownVoices,
} from './audio/espeak.js';
import { fitToLength, int16ToFloat, quantiseInt16, resample, speechBounds } from './audio/signal.js';
import {
  featureNormalisation,
  normaliseFeatures,
  SPEECH_CLIP_SAMPLES,
  SPEECH_COEFFICIENTS,
  SPEECH_FEATURE_SIZE,
  SPEECH_FRAMES,
  SPEECH_MFCC_OPTIONS,
  SPEECH_SAMPLE_RATE,
  speechMfcc,
  type FeatureNormalisation,
} from './audio/speech-features.js';
import { datasetCacheDir, writeFolderAtomically } from './cache-dir.js';
import type { DatasetInfo, DatasetRole, LoadDatasetOptions, MaterialisedDataset } from './dataset.js';
import { materialiseRole, resolveLoadOptions, splitRole } from './materialise.js';
import type { AudioDatasetSource, RawSplits } from './source-hooks.js';

/** The ten core words of Speech Commands. */
export const SPEECH_COMMAND_WORDS: readonly string[] = Object.freeze([
  'yes',
  'no',
  'up',
  'down',
  'left',
  'right',
  'on',
  'off',
  'stop',
  'go',
]);

function voices(accents: string[], variants: string[]): string[] {
  return accents.flatMap((accent) => variants.map((variant) => `${accent}+${variant}`));
}

/**
 * Source speakers: American, British, Caribbean and Received Pronunciation
 * accents × male 1, 3 and female 1, 3 voice variants. (`en-gb+variant`
 * ignores the variant in espeak-ng 1.51, so British English is `en`.)
 */
export const SPEECH_SOURCE_VOICES: readonly string[] = Object.freeze(
  voices(['en-us', 'en', 'en-029', 'en-gb-x-rp'], ['m1', 'm3', 'f1', 'f3']),
);
/** Target speakers: Scottish, Lancastrian and West Midlands accents × male 2, 4 and female 2, 4. */
export const SPEECH_TARGET_VOICES: readonly string[] = Object.freeze(
  voices(['en-gb-scotland', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd'], ['m2', 'm4', 'f2', 'f4']),
);
/** Speaking rates in words per minute (espeak-ng's default is 175). */
export const SPEECH_SPEEDS: readonly number[] = Object.freeze([120, 150, 180]);
/** Base pitches, 0–99 (default 50). */
export const SPEECH_PITCHES: readonly number[] = Object.freeze([30, 50, 70]);

/** Options for {@link createSpeechCommandsSynthDataset}; the defaults make 2,520 utterances. */
export interface SpeechCommandsSynthOptions {
  /** The words, one class each (default {@link SPEECH_COMMAND_WORDS}). Letters, spaces and apostrophes. */
  words?: readonly string[];
  /** espeak-ng voices (`language+variant`) of the source role. */
  sourceVoices?: readonly string[];
  /** espeak-ng voices of the target role. */
  targetVoices?: readonly string[];
  speeds?: readonly number[];
  pitches?: readonly number[];
  /** The espeak-ng binary (default `$DRIFTBOARD_ESPEAK_NG`, else `espeak-ng` on the PATH). */
  espeakPath?: string;
  /** Parent of the cache folder (default: `datasetCacheDir()` at load time). */
  cacheDir?: string;
  /** espeak-ng processes at once (default 2). */
  concurrency?: number;
  /** Registry name (default `speech-commands-synth`). */
  name?: string;
  /** Called while generating, after each utterance. */
  onProgress?: (done: number, total: number) => void;
}

/** Bump when the generated data would change for the same options. */
const GENERATION_FORMAT = 1;
/** Seeds the placement of each word inside its one-second clip. */
const PLACEMENT_SEED = 20_240_601;
/** Peak amplitude of every utterance after normalisation. */
const PEAK = 0.5;

const FEATURES_FILE = 'features.f32';
const CLIPS_FILE = 'clips.i16';
const META_FILE = 'meta.json';

interface GenerationSettings {
  format: number;
  words: string[];
  sourceVoices: string[];
  targetVoices: string[];
  speeds: number[];
  pitches: number[];
  sampleRate: number;
  clipSamples: number;
  mfcc: typeof SPEECH_MFCC_OPTIONS;
  placementSeed: number;
  peak: number;
}

/** One utterance of the grid, in generation (and row) order. */
interface Utterance {
  role: DatasetRole;
  word: number;
  voice: string;
  speed: number;
  pitch: number;
}

/** meta.json of a cache folder. */
interface SpeechCacheMeta {
  settings: GenerationSettings;
  key: string;
  espeakVersion: string;
  generatedAt: string;
  generationMs: number;
  count: number;
  frames: number;
  coefficients: number;
  /** Per row: where its speech sits in the one-second clip, and where its samples start in clips.i16. */
  clipOffset: number[];
  clipLength: number[];
  clipStart: number[];
  /** Utterances longer than one second (their centre was kept). */
  cropped: number;
}

interface SpeechPool {
  folder: string;
  meta: SpeechCacheMeta;
  utterances: Utterance[];
  /** Standardised features, count × SPEECH_FEATURE_SIZE. */
  inputs: Float32Array;
  labels: Int32Array;
  idsByRole: Record<DatasetRole, number[][]>;
  normalisation: FeatureNormalisation;
}

function checkList<T>(what: string, list: readonly T[], valid: (item: T) => boolean, rule: string): T[] {
  if (!Array.isArray(list) || list.length === 0) throw new RangeError(`${what} must be a non-empty list`);
  for (const item of list) {
    if (!valid(item)) throw new RangeError(`${what}: ${JSON.stringify(item)} is not ${rule}`);
  }
  if (new Set(list).size !== list.length) throw new RangeError(`${what} lists an entry twice`);
  return [...list];
}

function settingsKey(settings: GenerationSettings): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

function grid(settings: GenerationSettings): Utterance[] {
  const utterances: Utterance[] = [];
  for (const role of ['source', 'target'] as const) {
    for (const voice of role === 'source' ? settings.sourceVoices : settings.targetVoices) {
      for (let word = 0; word < settings.words.length; word++) {
        for (const speed of settings.speeds) {
          for (const pitch of settings.pitches) utterances.push({ role, word, voice, speed, pitch });
        }
      }
    }
  }
  return utterances;
}

/** The generation settings of `options`, checked. */
function resolveSettings(options: SpeechCommandsSynthOptions): GenerationSettings {
  const voicePattern = /^[A-Za-z0-9_/-]+(\+[A-Za-z0-9_-]+)?$/;
  const settings: GenerationSettings = {
    format: GENERATION_FORMAT,
    words: checkList(
      'words',
      options.words ?? SPEECH_COMMAND_WORDS,
      (w) => typeof w === 'string' && /^[a-z]+(['\s][a-z]+)*$/i.test(w),
      'letters, spaces and apostrophes',
    ),
    sourceVoices: checkList(
      'sourceVoices',
      options.sourceVoices ?? SPEECH_SOURCE_VOICES,
      (v) => voicePattern.test(v),
      'an espeak-ng voice',
    ),
    targetVoices: checkList(
      'targetVoices',
      options.targetVoices ?? SPEECH_TARGET_VOICES,
      (v) => voicePattern.test(v),
      'an espeak-ng voice',
    ),
    speeds: checkList(
      'speeds',
      options.speeds ?? SPEECH_SPEEDS,
      (s) => Number.isInteger(s) && s >= 80 && s <= 450,
      'an integer in [80, 450] words per minute',
    ),
    pitches: checkList(
      'pitches',
      options.pitches ?? SPEECH_PITCHES,
      (p) => Number.isInteger(p) && p >= 0 && p <= 99,
      'an integer in [0, 99]',
    ),
    sampleRate: SPEECH_SAMPLE_RATE,
    clipSamples: SPEECH_CLIP_SAMPLES,
    mfcc: { ...SPEECH_MFCC_OPTIONS },
    placementSeed: PLACEMENT_SEED,
    peak: PEAK,
  };
  if (settings.words.length < 2) throw new RangeError('speech-commands-synth needs at least 2 words');
  const shared = settings.sourceVoices.filter((voice) => settings.targetVoices.includes(voice));
  if (shared.length) throw new RangeError(`a voice cannot be in both roles: ${shared.join(', ')}`);
  return settings;
}

/**
 * Spoken command words from espeak-ng as [49, 13] MFCC frames (AUDIO,
 * float32), with `audio` hooks that hand out the one-second 16 kHz clips
 * behind each example and the featurizer, for corruptions applied to the
 * waveform. A missing espeak-ng is an {@link EspeakMissingError} naming the
 * Debian package — unless the cache folder already holds the data.
 *
 * @example
 * const speech = createSpeechCommandsSynthDataset({ words: ['yes', 'no'], sourceVoices: ['en-us'], targetVoices: ['en'] });
 * const { train } = await speech.load({ role: 'source', seed: 1 });
 */
export function createSpeechCommandsSynthDataset(
  options: SpeechCommandsSynthOptions = {},
): AudioDatasetSource {
  const name = options.name ?? 'speech-commands-synth';
  const settings = resolveSettings(options);
  const concurrency = options.concurrency ?? 2;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const key = settingsKey(settings);
  const utterances = grid(settings);

  const info = (size: number): DatasetInfo => ({
    name,
    modality: 'AUDIO',
    inputShape: [SPEECH_FRAMES, SPEECH_COEFFICIENTS],
    inputDtype: 'float32',
    classNames: [...settings.words],
    size,
  });

  let pool: Promise<SpeechPool> | undefined;
  const loadPool = (): Promise<SpeechPool> => {
    pool ??= (async () => {
      const folder = path.join(options.cacheDir ?? datasetCacheDir(), `speech-commands-synth-${key}`);
      const cached = await readCache(folder, key, utterances.length);
      if (cached) return buildPool(folder, cached, utterances);
      const generated = await generate(settings, key, utterances, {
        espeakPath: options.espeakPath ?? defaultEspeakPath(),
        concurrency,
        onProgress: options.onProgress,
      });
      const fill = async (dir: string) => {
        await writeFile(path.join(dir, FEATURES_FILE), bytesOf(generated.features));
        await writeFile(path.join(dir, CLIPS_FILE), bytesOf(generated.clips));
        await writeFile(path.join(dir, META_FILE), JSON.stringify(generated.meta));
      };
      if (!(await writeFolderAtomically(folder, fill))) {
        // Another process finished first: use its folder, or replace it if it is broken.
        const theirs = await readCache(folder, key, utterances.length);
        if (theirs) return buildPool(folder, theirs, utterances);
        await writeFolderAtomically(folder, fill, { replace: true });
      }
      return buildPool(folder, { meta: generated.meta, features: generated.features }, utterances);
    })().catch((error: unknown) => {
      pool = undefined;
      throw error;
    });
    return pool;
  };

  let clips: Promise<Int16Array> | undefined;
  const loadClips = (folder: string): Promise<Int16Array> => {
    clips ??= readFile(path.join(folder, CLIPS_FILE))
      .then((buffer) => int16View(buffer))
      .catch((error: unknown) => {
        clips = undefined;
        throw error;
      });
    return clips;
  };

  return {
    name,
    // Non-default settings make other data under the same name: say so, so no checkpoint resumes across them.
    ...(key === settingsKey(resolveSettings({})) ? {} : { fingerprint: `${name}@${key}` }),
    describe: () => info(utterances.length),
    async load(loadOptions: LoadDatasetOptions): Promise<MaterialisedDataset> {
      const { role } = resolveLoadOptions(loadOptions);
      const { inputs, labels, idsByRole } = await loadPool();
      return materialiseRole(
        { inputs, labels, exampleSize: SPEECH_FEATURE_SIZE },
        idsByRole[role],
        info(0),
        loadOptions,
      );
    },
    audio: {
      sampleRate: SPEECH_SAMPLE_RATE,
      async loadWaveforms(loadOptions: LoadDatasetOptions): Promise<RawSplits<Float32Array>> {
        const { role } = resolveLoadOptions(loadOptions);
        const loaded = await loadPool();
        const samples = await loadClips(loaded.folder);
        const { clipOffset, clipLength, clipStart } = loaded.meta;
        const clip = (id: number) => {
          const out = new Float32Array(SPEECH_CLIP_SAMPLES);
          out.set(
            int16ToFloat(samples.subarray(clipStart[id], clipStart[id] + clipLength[id])),
            clipOffset[id],
          );
          return out;
        };
        const split = splitRole(loaded.idsByRole[role], loadOptions);
        return {
          train: split.train.map(clip),
          validation: split.validation.map(clip),
          probe: split.probe.map(clip),
        };
      },
      async loadFeaturizer() {
        const { normalisation } = await loadPool();
        return (clip: Float32Array) => normaliseFeatures(speechMfcc(clip), normalisation);
      },
    },
  };
}

function bytesOf(array: Float32Array | Int16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A buffer's bytes as Int16 (copied when the buffer is not 2-byte aligned). */
function int16View(buffer: Buffer): Int16Array {
  const aligned = buffer.byteOffset % 2 === 0 ? buffer : Buffer.from(buffer);
  return new Int16Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 2));
}

function float32View(buffer: Buffer): Float32Array {
  const aligned = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(buffer);
  return new Float32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 4));
}

/** The cached data, or undefined when the folder is missing or does not match. */
async function readCache(
  folder: string,
  key: string,
  count: number,
): Promise<{ meta: SpeechCacheMeta; features: Float32Array } | undefined> {
  try {
    const meta = JSON.parse(await readFile(path.join(folder, META_FILE), 'utf8')) as SpeechCacheMeta;
    if (meta.key !== key || meta.count !== count || meta.clipStart?.length !== count) return undefined;
    const features = float32View(await readFile(path.join(folder, FEATURES_FILE)));
    if (features.length !== count * SPEECH_FEATURE_SIZE) return undefined;
    return { meta, features };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function buildPool(
  folder: string,
  cached: { meta: SpeechCacheMeta; features: Float32Array },
  utterances: Utterance[],
): SpeechPool {
  const words = cached.meta.settings.words.length;
  const idsByRole: Record<DatasetRole, number[][]> = {
    source: Array.from({ length: words }, () => []),
    target: Array.from({ length: words }, () => []),
  };
  const labels = new Int32Array(utterances.length);
  utterances.forEach((utterance, row) => {
    labels[row] = utterance.word;
    idsByRole[utterance.role][utterance.word].push(row);
  });
  // Standardise with the source role's statistics, so both roles share one feature scale.
  const normalisation = featureNormalisation(cached.features, idsByRole.source.flat());
  const inputs = normaliseFeatures(cached.features, normalisation);
  return { folder, meta: cached.meta, utterances, inputs, labels, idsByRole, normalisation };
}

interface Generated {
  meta: SpeechCacheMeta;
  features: Float32Array;
  clips: Int16Array;
}

async function generate(
  settings: GenerationSettings,
  key: string,
  utterances: Utterance[],
  options: { espeakPath: string; concurrency: number; onProgress?: (done: number, total: number) => void },
): Promise<Generated> {
  const started = performance.now();
  // Fails with the install hint before any work when the binary is missing.
  const version = await espeakVersion(options.espeakPath);
  const unknown = unknownVoices(
    [...settings.sourceVoices, ...settings.targetVoices],
    await listEspeakVoices(options.espeakPath),
  );
  if (unknown.length) {
    throw new Error(
      `espeak-ng has no voice ${unknown.join(', ')} (see espeak-ng --voices and --voices=variant)`,
    );
  }
  const features = new Float32Array(utterances.length * SPEECH_FEATURE_SIZE);
  const segments = new Array<Int16Array>(utterances.length);
  const clipOffset = new Array<number>(utterances.length);
  let cropped = 0;
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (next < utterances.length && !failed) {
      const row = next++;
      const { word, voice, speed, pitch } = utterances[row];
      let wav;
      try {
        wav = await synthesise(options.espeakPath, { voice, speed, pitch, text: settings.words[word] });
      } catch (error) {
        failed = true;
        throw error;
      }
      const clip = placeInClip(resample(wav.samples, wav.sampleRate, SPEECH_SAMPLE_RATE), row);
      if (clip.cropped) cropped++;
      const quantised = quantiseInt16(clip.samples);
      // Features of the 16-bit clip, so the stored clip reproduces them exactly.
      features.set(speechMfcc(int16ToFloat(quantised)), row * SPEECH_FEATURE_SIZE);
      segments[row] = quantised.slice(clip.offset, clip.offset + clip.length);
      clipOffset[row] = clip.offset;
      options.onProgress?.(++done, utterances.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, utterances.length) }, worker));

  const clipLength = segments.map((segment) => segment.length);
  const clipStart: number[] = [];
  let total = 0;
  for (const length of clipLength) {
    clipStart.push(total);
    total += length;
  }
  const clips = new Int16Array(total);
  segments.forEach((segment, row) => clips.set(segment, clipStart[row]));
  const meta: SpeechCacheMeta = {
    settings,
    key,
    espeakVersion: version,
    generatedAt: new Date().toISOString(),
    generationMs: Math.round(performance.now() - started),
    count: utterances.length,
    frames: SPEECH_FRAMES,
    coefficients: SPEECH_COEFFICIENTS,
    clipOffset,
    clipLength,
    clipStart,
    cropped,
  };
  return { meta, features, clips };
}

/**
 * Trims the silence espeak-ng leaves around a word, scales it to a fixed
 * peak and places it in a one-second clip at a seeded random offset (the
 * centre second of a longer word is kept).
 */
function placeInClip(
  samples: Float32Array,
  row: number,
): { samples: Float32Array; offset: number; length: number; cropped: boolean } {
  const [start, end] = speechBounds(samples, SPEECH_SAMPLE_RATE);
  let speech = samples.subarray(start, end);
  let peak = 0;
  for (const value of speech) peak = Math.max(peak, Math.abs(value));
  if (peak > 0) speech = speech.map((value) => (value / peak) * PEAK);
  const cropped = speech.length > SPEECH_CLIP_SAMPLES;
  const length = Math.min(speech.length, SPEECH_CLIP_SAMPLES);
  const room = SPEECH_CLIP_SAMPLES - length;
  const offset = cropped
    ? 0
    : Rng.fromSeed((PLACEMENT_SEED + Math.imul(row, 0x9e3779b1)) >>> 0).int(room + 1);
  return { samples: fitToLength(speech, SPEECH_CLIP_SAMPLES, offset), offset, length, cropped };
}

/**
 * The built-in `speech-commands-synth` dataset (10 words, 16 source and 12
 * target voices, 3 speeds, 3 pitches: 2,520 utterances). Generated on the
 * first load, cached under `datasetCacheDir()`.
 */
export const speechCommandsSynthDataset: AudioDatasetSource = createSpeechCommandsSynthDataset();
