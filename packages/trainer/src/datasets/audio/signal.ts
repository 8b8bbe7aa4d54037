/**
 * Waveform helpers shared by the speech sources: band-limited resampling,
 * silence trimming, fitting to a fixed clip length, and 16-bit quantisation.
 */
import { toInt16 } from './wav.js';

/** Sinc zero crossings on each side of the resampling kernel. */
const RESAMPLE_ZEROS = 16;
/** Fraction of the lower Nyquist frequency the anti-aliasing filter passes. */
const RESAMPLE_ROLLOFF = 0.94;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Resamples with a Hann-windowed sinc kernel (low-passed below the lower
 * Nyquist frequency, so downsampling does not alias). Integer rates only,
 * as in WAV files; the output has round(n · to / from) samples.
 *
 * @example
 * const at16k = resample(samples, 22050, 16000);
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  for (const [what, rate] of [
    ['fromRate', fromRate],
    ['toRate', toRate],
  ] as const) {
    if (!(Number.isSafeInteger(rate) && rate > 0))
      throw new RangeError(`${what} must be a positive integer, got ${rate}`);
  }
  if (fromRate === toRate) return samples.slice();
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const outLength = Math.round((samples.length * up) / down);
  const cutoff = Math.min(1, up / down) * RESAMPLE_ROLLOFF; // relative to the input Nyquist
  const halfWidth = RESAMPLE_ZEROS / cutoff; // in input samples
  const taps = Math.ceil(halfWidth);
  // Output sample i sits at input time t = i·down/up = n0 + p/up: its kernel depends only on the
  // phase p, so the weights are tabulated once per phase (up phases × 2·taps weights).
  const table = new Float64Array(up * 2 * taps);
  for (let p = 0; p < up; p++) {
    let sum = 0;
    for (let j = 0; j < 2 * taps; j++) {
      const d = taps - 1 - j + p / up; // t − k for k = n0 − taps + 1 + j
      const x = cutoff * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const u = d / halfWidth;
      const window = Math.abs(u) >= 1 ? 0 : 0.5 * (1 + Math.cos(Math.PI * u));
      const w = cutoff * sinc * window;
      table[p * 2 * taps + j] = w;
      sum += w;
    }
    // Unit DC gain in every phase.
    for (let j = 0; j < 2 * taps; j++) table[p * 2 * taps + j] /= sum;
  }
  const out = new Float32Array(outLength);
  for (let i = 0; i < outLength; i++) {
    const position = i * down;
    const n0 = Math.floor(position / up);
    const p = position - n0 * up;
    const first = n0 - taps + 1;
    const row = p * 2 * taps;
    let acc = 0;
    const jFrom = Math.max(0, -first);
    const jTo = Math.min(2 * taps, samples.length - first);
    for (let j = jFrom; j < jTo; j++) acc += samples[first + j] * table[row + j];
    out[i] = acc;
  }
  return out;
}

/**
 * The [start, end) sample range between the first and last 10 ms frames
 * whose RMS reaches `thresholdDb` below the loudest frame (default −35 dB),
 * widened by one frame on each side. An all-silent signal gives [0, 0).
 *
 * @example
 * const [start, end] = speechBounds(samples, 16000);
 * const speech = samples.subarray(start, end);
 */
export function speechBounds(samples: Float32Array, sampleRate: number, thresholdDb = -35): [number, number] {
  const frame = Math.max(1, Math.round(sampleRate / 100));
  const frames = Math.ceil(samples.length / frame);
  const rms = new Float64Array(frames);
  let loudest = 0;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const end = Math.min(samples.length, (f + 1) * frame);
    for (let i = f * frame; i < end; i++) sum += samples[i] * samples[i];
    rms[f] = Math.sqrt(sum / (end - f * frame));
    if (rms[f] > loudest) loudest = rms[f];
  }
  if (loudest === 0) return [0, 0];
  const threshold = loudest * 10 ** (thresholdDb / 20);
  let first = 0;
  while (rms[first] < threshold) first++;
  let last = frames - 1;
  while (rms[last] < threshold) last--;
  return [Math.max(0, (first - 1) * frame), Math.min(samples.length, (last + 2) * frame)];
}

/**
 * Places `samples` in a zero clip of `length` samples starting at `offset`
 * (clamped so it fits); a signal longer than the clip keeps its centre.
 *
 * @example
 * fitToLength(Float32Array.of(1, 2), 4, 1); // [0, 1, 2, 0]
 */
export function fitToLength(samples: Float32Array, length: number, offset = 0): Float32Array {
  const out = new Float32Array(length);
  if (samples.length >= length) {
    const start = Math.floor((samples.length - length) / 2);
    out.set(samples.subarray(start, start + length));
  } else {
    const at = Math.max(0, Math.min(length - samples.length, Math.floor(offset)));
    out.set(samples, at);
  }
  return out;
}

/** Rounds samples to the 16-bit grid (clipping to [-1, 32767/32768]), as a WAV file would store them. */
export function quantiseInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = toInt16(samples[i]);
  return out;
}

/** 16-bit samples back to floats in [-1, 1). */
export function int16ToFloat(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] / 32768;
  return out;
}
