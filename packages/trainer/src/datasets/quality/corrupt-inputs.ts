/**
 * Applies a profile's input corruption to one split, choosing the domain from
 * the dataset's modality and hooks (`source-hooks.ts`): pixels for images; for
 * text, the raw text re-tokenised when the source has `text` hooks, else the
 * token ids; for audio, the waveforms re-featurised when the source has
 * `audio` hooks, else the feature frames.
 */
import type { Rng } from '../../util/rng.js';
import type { DatasetInfo, DatasetSource, LoadDatasetOptions } from '../dataset.js';
import { type CorruptionSpec, IMAGE_CORRUPTION_KINDS, InvalidQualitySpecError } from '../quality-spec.js';
import { audioHooksOf, textHooksOf, type RawSplits } from '../source-hooks.js';
import type { TextTokenizer } from '../text-tokenizer.js';
import {
  addNoiseAtSnr,
  bandLimit,
  bandLimitFeatures,
  NOMINAL_FEATURE_SAMPLE_RATE,
} from './audio-corruptions.js';
import { corruptImages, imageGeometry } from './image-corruptions.js';
import { addTypos, typoTokenIds } from './text-typos.js';

const MODALITY_OF: Record<CorruptionSpec['kind'], DatasetInfo['modality']> = {
  'gaussian-noise': 'IMAGE',
  'gaussian-blur': 'IMAGE',
  contrast: 'IMAGE',
  pixelate: 'IMAGE',
  typos: 'TEXT',
  'additive-noise': 'AUDIO',
  'band-limit': 'AUDIO',
};

/**
 * Throws an {@link InvalidQualitySpecError} saying why `corruption` cannot be
 * applied to `source` (wrong modality, no vocabulary, a band limit at or above
 * the audio's own rate), so a profile fails before any data is loaded.
 */
export function checkCorruptionApplies(source: DatasetSource, corruption: CorruptionSpec): void {
  const info = source.describe();
  const modality = MODALITY_OF[corruption.kind];
  if (info.modality !== modality) {
    const fitting = Object.entries(MODALITY_OF).filter(([, m]) => m === info.modality);
    throw new InvalidQualitySpecError(
      `corruption "${corruption.kind}" applies to ${modality} datasets; "${info.name}" is ${info.modality}` +
        (fitting.length ? ` (its corruptions: ${fitting.map(([kind]) => kind).join(', ')})` : ''),
    );
  }
  if ((IMAGE_CORRUPTION_KINDS as readonly string[]).includes(corruption.kind)) {
    if (!imageGeometry(info.inputShape) || info.inputDtype !== 'float32') {
      throw new InvalidQualitySpecError(
        `"${info.name}" inputs of shape [${info.inputShape}] are not float images [height, width, channels]`,
      );
    }
  }
  if (corruption.kind === 'typos' && !textHooksOf(source) && !((info.vocabularySize ?? 0) >= 3)) {
    throw new InvalidQualitySpecError(
      `"${info.name}" has neither raw text nor a vocabulary size, so typos have nothing to work on`,
    );
  }
  if (corruption.kind === 'band-limit') {
    const audio = audioHooksOf(source);
    const rate = audio?.sampleRate ?? NOMINAL_FEATURE_SAMPLE_RATE;
    if (!(corruption.sampleRate < rate)) {
      throw new InvalidQualitySpecError(
        `"band-limit" to ${corruption.sampleRate} Hz changes nothing: "${info.name}" is ` +
          `${audio ? '' : 'taken to be '}sampled at ${rate} Hz; use a lower "sampleRate"`,
      );
    }
  }
}

/** What a corruption needs besides the loaded inputs: the raw examples, when it works on them. */
export interface RawInputs {
  texts?: { splits: RawSplits<string>; tokenizer: TextTokenizer };
  audio?: { splits: RawSplits<Float32Array>; featurizer: RawAudioFeaturizer };
}

/** The waveforms' rate and the source's waveform → features function. */
export interface RawAudioFeaturizer {
  sampleRate: number;
  features(clip: Float32Array): Float32Array;
}

/**
 * Loads the raw texts or waveforms behind `load(options)` when the corruption
 * works on them and the source has them; `{}` otherwise.
 */
export async function loadRawInputs(
  source: DatasetSource,
  corruption: CorruptionSpec,
  options: LoadDatasetOptions,
): Promise<RawInputs> {
  const text = corruption.kind === 'typos' ? textHooksOf(source) : undefined;
  if (text) {
    const [splits, tokenizer] = await Promise.all([text.loadTexts(options), text.loadTokenizer()]);
    return { texts: { splits, tokenizer } };
  }
  const audio =
    corruption.kind === 'additive-noise' || corruption.kind === 'band-limit'
      ? audioHooksOf(source)
      : undefined;
  if (audio) {
    const [splits, features] = await Promise.all([audio.loadWaveforms(options), audio.loadFeaturizer()]);
    return { audio: { splits, featurizer: { sampleRate: audio.sampleRate, features } } };
  }
  return {};
}

/** One split's corrupted inputs, and its corrupted texts when the corruption worked on text. */
export interface CorruptedSplit {
  inputs: Float32Array | Int32Array;
  texts?: string[];
}

/**
 * A corrupted copy of one split's inputs. `raw` holds that split's raw texts
 * or waveforms (one per row, from {@link loadRawInputs}) when there are any.
 */
export function corruptInputs(
  info: DatasetInfo,
  inputs: Float32Array | Int32Array,
  corruption: CorruptionSpec,
  rng: Rng,
  raw: {
    texts?: string[];
    tokenizer?: TextTokenizer;
    waveforms?: Float32Array[];
    audio?: RawAudioFeaturizer;
  },
): CorruptedSplit {
  const exampleSize = info.inputShape.reduce((a, b) => a * b, 1);
  const rows = inputs.length / exampleSize;
  for (const [what, list] of [
    ['texts', raw.texts],
    ['waveforms', raw.waveforms],
  ] as const) {
    if (list && list.length !== rows)
      throw new Error(`${info.name}: ${list.length} raw ${what} for ${rows} rows`);
  }
  switch (corruption.kind) {
    case 'gaussian-noise':
    case 'gaussian-blur':
    case 'contrast':
    case 'pixelate': {
      const geometry = imageGeometry(info.inputShape)!;
      return {
        inputs: corruptImages(inputs as Float32Array, geometry, corruption.kind, corruption.severity, rng),
      };
    }
    case 'typos': {
      if (raw.texts && raw.tokenizer) {
        const texts = raw.texts.map((text) => addTypos(text, corruption.rate, rng));
        const ids = raw.tokenizer.encodeAll(texts);
        if (ids.length !== inputs.length) {
          throw new Error(`${info.name}: the tokenizer gave ${ids.length} ids for ${inputs.length}`);
        }
        return { inputs: ids, texts };
      }
      return { inputs: typoTokenIds(inputs as Int32Array, info.vocabularySize!, corruption.rate, rng) };
    }
    case 'additive-noise':
    case 'band-limit': {
      const corrupt = (signal: Float32Array, sampleRate: number) =>
        corruption.kind === 'additive-noise'
          ? addNoiseAtSnr(signal, corruption.snrDb, rng)
          : bandLimit(signal, sampleRate, corruption.sampleRate);
      const out = new Float32Array(inputs.length);
      if (raw.waveforms && raw.audio) {
        const { audio } = raw;
        raw.waveforms.forEach((waveform, row) => {
          const features = audio.features(corrupt(waveform, audio.sampleRate));
          if (features.length !== exampleSize) {
            throw new Error(`${info.name}: audio features gave ${features.length} values for ${exampleSize}`);
          }
          out.set(features, row * exampleSize);
        });
        return { inputs: out };
      }
      if (corruption.kind === 'band-limit') {
        return {
          inputs: bandLimitFeatures(inputs as Float32Array, info.inputShape.at(-1)!, corruption.sampleRate),
        };
      }
      for (let offset = 0; offset < inputs.length; offset += exampleSize) {
        const example = inputs.subarray(offset, offset + exampleSize) as Float32Array;
        out.set(addNoiseAtSnr(example, corruption.snrDb, rng), offset);
      }
      return { inputs: out };
    }
  }
}
