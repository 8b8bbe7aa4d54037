/**
 * The fixed speech front end of the AUDIO datasets (speech-commands-synth and
 * imported WAV folders): 1 s mono clips at 16 kHz → MFCCs with 25 ms windows
 * every 20 ms → 49 frames × 13 coefficients, each coefficient standardised
 * with the mean and standard deviation of the source role's frames.
 */
import { mfcc, mfccFrameCount, type MfccOptions } from './mfcc.js';

/** Sample rate of every speech clip. */
export const SPEECH_SAMPLE_RATE = 16_000;
/** Samples per clip: exactly one second. */
export const SPEECH_CLIP_SAMPLES = SPEECH_SAMPLE_RATE;
/** MFCC settings: a 20 ms hop halves the frame count of the usual 10 ms, so the LSTM runs over 49 steps. */
export const SPEECH_MFCC_OPTIONS: Readonly<MfccOptions> = Object.freeze({
  windowMs: 25,
  hopMs: 20,
  melFilters: 26,
  coefficients: 13,
  preEmphasis: 0.97,
});
/** Cepstral coefficients per frame. */
export const SPEECH_COEFFICIENTS = 13;
/** Frames per clip (49). */
export const SPEECH_FRAMES = mfccFrameCount(SPEECH_CLIP_SAMPLES, SPEECH_SAMPLE_RATE, SPEECH_MFCC_OPTIONS);
/** Values per example: frames × coefficients. */
export const SPEECH_FEATURE_SIZE = SPEECH_FRAMES * SPEECH_COEFFICIENTS;

/** Per-coefficient standardisation: feature = (mfcc − mean) / std. */
export interface FeatureNormalisation {
  mean: number[];
  std: number[];
}

/**
 * Raw (unstandardised) MFCCs of one clip, SPEECH_FRAMES × 13. The clip must be
 * SPEECH_CLIP_SAMPLES long at SPEECH_SAMPLE_RATE.
 */
export function speechMfcc(clip: Float32Array): Float32Array {
  if (clip.length !== SPEECH_CLIP_SAMPLES) {
    throw new RangeError(`a speech clip has ${SPEECH_CLIP_SAMPLES} samples, got ${clip.length}`);
  }
  return mfcc(clip, SPEECH_SAMPLE_RATE, SPEECH_MFCC_OPTIONS);
}

/**
 * Mean and standard deviation of each coefficient over every frame of the
 * given examples (rows of `features`, SPEECH_FEATURE_SIZE values each).
 * A constant coefficient gets std 1, so standardising never divides by 0.
 */
export function featureNormalisation(
  features: Float32Array,
  exampleIds: Iterable<number>,
): FeatureNormalisation {
  const sum = new Float64Array(SPEECH_COEFFICIENTS);
  const sumSquares = new Float64Array(SPEECH_COEFFICIENTS);
  let frames = 0;
  for (const id of exampleIds) {
    const base = id * SPEECH_FEATURE_SIZE;
    for (let f = 0; f < SPEECH_FRAMES; f++) {
      for (let c = 0; c < SPEECH_COEFFICIENTS; c++) {
        const value = features[base + f * SPEECH_COEFFICIENTS + c];
        sum[c] += value;
        sumSquares[c] += value * value;
      }
    }
    frames += SPEECH_FRAMES;
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < SPEECH_COEFFICIENTS; c++) {
    const m = frames ? sum[c] / frames : 0;
    const variance = frames ? sumSquares[c] / frames - m * m : 0;
    mean.push(m);
    std.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
  }
  return { mean, std };
}

/** Standardises rows of raw MFCCs (any number of SPEECH_FEATURE_SIZE rows) into a new array. */
export function normaliseFeatures(raw: Float32Array, normalisation: FeatureNormalisation): Float32Array {
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = i % SPEECH_COEFFICIENTS;
    out[i] = (raw[i] - normalisation.mean[c]) / normalisation.std[c];
  }
  return out;
}
