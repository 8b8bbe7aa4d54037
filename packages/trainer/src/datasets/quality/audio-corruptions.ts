/**
 * Audio corruptions: additive white noise at a signal-to-noise ratio, and
 * band-limiting to a low sample rate. Both work on waveforms when a source has
 * them (`DatasetSource.rawAudio`) and otherwise on feature frames, as below.
 */
import type { Rng } from '../../util/rng.js';

/**
 * Adds white Gaussian noise `n` scaled to `a = sqrt(‖x‖²/‖n‖² · 10^(−SNR/10))`,
 * so `‖x‖² / ‖a·n‖²` is exactly the requested ratio. Works the same on a
 * waveform and on one example's feature frames (then the ratio is between the
 * features' energy and the noise's). A silent example stays silent.
 *
 * @example
 * const noisy = addNoiseAtSnr(waveform, 10, rng); // 10 dB SNR
 */
export function addNoiseAtSnr(signal: Float32Array, snrDb: number, rng: Rng): Float32Array {
  const noise = new Float64Array(signal.length);
  let signalEnergy = 0;
  let noiseEnergy = 0;
  for (let i = 0; i < signal.length; i++) {
    noise[i] = rng.normal();
    signalEnergy += signal[i] * signal[i];
    noiseEnergy += noise[i] * noise[i];
  }
  const scale = noiseEnergy > 0 ? Math.sqrt((signalEnergy / noiseEnergy) * 10 ** (-snrDb / 10)) : 0;
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i++) out[i] = signal[i] + scale * noise[i];
  return out;
}

/**
 * Keeps only the frequencies a recording at `targetRate` could hold: a
 * Blackman-windowed sinc low-pass at `targetRate / 2`, at the original rate.
 * That is what resampling to `targetRate` and back ideally gives, without
 * changing the length or the rate the features expect.
 *
 * @example
 * const phone = bandLimit(waveform, 16_000, 4_000);
 */
export function bandLimit(waveform: Float32Array, sampleRate: number, targetRate: number): Float32Array {
  if (!(targetRate < sampleRate)) {
    throw new RangeError(
      `band-limiting to ${targetRate} Hz needs audio sampled faster; it is ${sampleRate} Hz`,
    );
  }
  const cutoff = targetRate / 2 / sampleRate; // cycles per sample
  const half = Math.ceil((4 * sampleRate) / targetRate);
  const taps = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let k = -half; k <= half; k++) {
    const sinc = k === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
    const phase = (2 * Math.PI * (k + half)) / (2 * half);
    const blackman = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    taps[k + half] = sinc * blackman;
    sum += taps[k + half];
  }
  const out = new Float32Array(waveform.length);
  for (let i = 0; i < waveform.length; i++) {
    let acc = 0;
    const from = Math.max(-half, -i);
    const to = Math.min(half, waveform.length - 1 - i);
    for (let k = from; k <= to; k++) acc += taps[k + half] * waveform[i + k];
    out[i] = acc / sum;
  }
  return out;
}

/**
 * Sample rate assumed for feature frames without their waveforms: speech
 * commands are recorded at 16 kHz, so the features span 0–8 kHz.
 */
export const NOMINAL_FEATURE_SAMPLE_RATE = 16_000;

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);

/**
 * How many of `features` feature bands survive band-limiting to `targetRate`
 * when the features are bands spread evenly on the mel scale over 0 Hz – the
 * nominal Nyquist frequency, lowest first.
 */
export function keptFeatureBands(features: number, targetRate: number): number {
  const top = mel(NOMINAL_FEATURE_SAMPLE_RATE / 2);
  const limit = mel(targetRate / 2);
  let kept = 0;
  for (let f = 0; f < features; f++) if (((f + 0.5) / features) * top <= limit) kept = f + 1;
  return kept;
}

/**
 * Band-limiting without the waveforms: each frame's features are taken as
 * mel bands, lowest first, over 0 – {@link NOMINAL_FEATURE_SAMPLE_RATE}/2, and
 * the bands above `targetRate / 2` are set to 0, the level of "no energy" in
 * normalised features. An approximation for feature-only datasets (the
 * synthetic one); sources with waveforms get the real filter.
 *
 * @example
 * bandLimitFeatures(frames, 13, 8_000); // zeroes the top 3 of 13 bands
 */
export function bandLimitFeatures(frames: Float32Array, features: number, targetRate: number): Float32Array {
  if (!(targetRate < NOMINAL_FEATURE_SAMPLE_RATE)) {
    throw new RangeError(
      `band-limiting feature frames to ${targetRate} Hz changes nothing: they are taken to span ` +
        `0–${NOMINAL_FEATURE_SAMPLE_RATE / 2} Hz (a ${NOMINAL_FEATURE_SAMPLE_RATE} Hz recording)`,
    );
  }
  const kept = keptFeatureBands(features, targetRate);
  const out = Float32Array.from(frames);
  for (let offset = 0; offset < out.length; offset += features) out.fill(0, offset + kept, offset + features);
  return out;
}
