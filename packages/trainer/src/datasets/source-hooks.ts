/**
 * Optional hooks a {@link DatasetSource} can offer next to `load()`, for input
 * corruptions that must act before featurisation: keyboard typos act on the
 * raw text (then re-tokenise), additive noise and band-limiting act on the raw
 * waveform (then recompute the MFCCs). The raw examples come row-aligned with
 * what `load(options)` returns for the same options, so a degraded copy can
 * swap its inputs in place.
 */
import type { DatasetSource, LoadDatasetOptions } from './dataset.js';
import type { TextTokenizer } from './text-tokenizer.js';

/** Raw examples of a role, split by split, row-aligned with the loaded dataset. */
export interface RawSplits<T> {
  train: T[];
  validation: T[];
  probe: T[];
}

/** Raw text behind a TEXT source. */
export interface TextSourceHooks {
  /** The tokenizer `load()` encodes with (`encodeAll` re-tokenises corrupted texts); fixed per source. */
  loadTokenizer(): Promise<TextTokenizer>;
  /** The texts behind `load(options)`'s examples, in the same order. */
  loadTexts(options: LoadDatasetOptions): Promise<RawSplits<string>>;
}

/** Raw audio behind an AUDIO source. */
export interface AudioSourceHooks {
  /** Sample rate of the waveforms (16 kHz). */
  readonly sampleRate: number;
  /** The clips behind `load(options)`'s examples (mono, in [-1, 1], one second), in the same order. */
  loadWaveforms(options: LoadDatasetOptions): Promise<RawSplits<Float32Array>>;
  /**
   * The function from one clip (possibly corrupted) to its model input: the
   * source's MFCC frames, standardised as `load()` does, so an untouched clip
   * gives exactly its loaded row. Fixed per source.
   */
  loadFeaturizer(): Promise<(clip: Float32Array) => Float32Array>;
}

/** A TEXT source that can hand out its raw text. */
export interface TextDatasetSource extends DatasetSource {
  readonly text: TextSourceHooks;
}

/** An AUDIO source that can hand out its raw waveforms. */
export interface AudioDatasetSource extends DatasetSource {
  readonly audio: AudioSourceHooks;
}

/**
 * The text hooks of a source, when it has them.
 *
 * @example
 * const hooks = textHooksOf(getDataset('spam-assassin'));
 * const texts = await hooks?.loadTexts({ role: 'target', seed: 1 });
 */
export function textHooksOf(source: DatasetSource): TextSourceHooks | undefined {
  const text = (source as Partial<TextDatasetSource>).text;
  return text && typeof text.loadTexts === 'function' ? text : undefined;
}

/**
 * The audio hooks of a source, when it has them.
 *
 * @example
 * const hooks = audioHooksOf(getDataset('speech-commands-synth'));
 * const clips = await hooks?.loadWaveforms({ role: 'target', seed: 1 });
 */
export function audioHooksOf(source: DatasetSource): AudioSourceHooks | undefined {
  const audio = (source as Partial<AudioDatasetSource>).audio;
  return audio && typeof audio.loadWaveforms === 'function' ? audio : undefined;
}
