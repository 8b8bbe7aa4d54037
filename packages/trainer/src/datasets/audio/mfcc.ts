/**
 * Mel-frequency cepstral coefficients, the classic speech front end:
 * pre-emphasis, framing, Hamming window, power spectrum (radix-2 FFT), a
 * triangular mel filterbank, log, and an orthonormal DCT-II. The defaults are
 * the usual ones (25 ms windows every 10 ms, 26 filters, 13 coefficients), as
 * in HTK and python_speech_features, without liftering or energy replacement.
 */

export interface MfccOptions {
  /** Analysis window length in milliseconds (default 25). */
  windowMs?: number;
  /** Step between window starts in milliseconds (default 10). */
  hopMs?: number;
  /** FFT length (a power of two ≥ the window; default: the smallest one). */
  fftSize?: number;
  /** Triangular mel filters (default 26). */
  melFilters?: number;
  /** Cepstral coefficients kept, c0 first (default 13). */
  coefficients?: number;
  /** Pre-emphasis factor: y[n] = x[n] − k·x[n−1] (default 0.97; 0 turns it off). */
  preEmphasis?: number;
  /** Lowest filter edge in Hz (default 0). */
  lowHz?: number;
  /** Highest filter edge in Hz (default: half the sample rate). */
  highHz?: number;
  /** Filter energies are clamped to at least this before the log, so silence stays finite (default 1e-10). */
  logFloor?: number;
}

interface ResolvedMfccOptions {
  windowSize: number;
  hopSize: number;
  fftSize: number;
  melFilters: number;
  coefficients: number;
  preEmphasis: number;
  lowHz: number;
  highHz: number;
  logFloor: number;
}

function resolve(sampleRate: number, options: MfccOptions): ResolvedMfccOptions {
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) {
    throw new RangeError(`sampleRate must be a positive number, got ${sampleRate}`);
  }
  const windowSize = Math.round(((options.windowMs ?? 25) * sampleRate) / 1000);
  const hopSize = Math.round(((options.hopMs ?? 10) * sampleRate) / 1000);
  if (!(windowSize >= 2))
    throw new RangeError(`the MFCC window must span at least 2 samples, got ${windowSize}`);
  if (!(hopSize >= 1)) throw new RangeError(`the MFCC hop must span at least 1 sample, got ${hopSize}`);
  let fftSize = options.fftSize ?? 1;
  if (options.fftSize === undefined) while (fftSize < windowSize) fftSize *= 2;
  if (!(Number.isInteger(fftSize) && fftSize >= windowSize && (fftSize & (fftSize - 1)) === 0)) {
    throw new RangeError(`fftSize must be a power of two ≥ the window (${windowSize}), got ${fftSize}`);
  }
  const melFilters = options.melFilters ?? 26;
  const coefficients = options.coefficients ?? 13;
  if (!(Number.isInteger(melFilters) && melFilters >= 1)) {
    throw new RangeError(`melFilters must be a positive integer, got ${melFilters}`);
  }
  if (!(Number.isInteger(coefficients) && coefficients >= 1 && coefficients <= melFilters)) {
    throw new RangeError(`coefficients must be an integer in [1, melFilters], got ${coefficients}`);
  }
  const lowHz = options.lowHz ?? 0;
  const highHz = options.highHz ?? sampleRate / 2;
  if (!(lowHz >= 0 && lowHz < highHz && highHz <= sampleRate / 2)) {
    throw new RangeError(`need 0 ≤ lowHz < highHz ≤ sampleRate/2, got ${lowHz} and ${highHz}`);
  }
  return {
    windowSize,
    hopSize,
    fftSize,
    melFilters,
    coefficients,
    preEmphasis: options.preEmphasis ?? 0.97,
    lowHz,
    highHz,
    logFloor: options.logFloor ?? 1e-10,
  };
}

/**
 * Frames `mfcc` returns for `sampleCount` samples: one per full window
 * (1 + ⌊(n − window) / hop⌋), and 1 when the signal is shorter than a window
 * (it is zero-padded).
 *
 * @example
 * mfccFrameCount(16000, 16000); // 98 (1 s, 25 ms windows every 10 ms)
 * mfccFrameCount(16000, 16000, { hopMs: 20 }); // 49
 */
export function mfccFrameCount(sampleCount: number, sampleRate: number, options: MfccOptions = {}): number {
  const { windowSize, hopSize } = resolve(sampleRate, options);
  return sampleCount <= windowSize ? 1 : 1 + Math.floor((sampleCount - windowSize) / hopSize);
}

/**
 * Log mel filterbank energies, frames × melFilters, row-major (the step
 * before the DCT; also handy to check where a signal's energy lies).
 *
 * @example
 * const logMel = logMelSpectrogram(samples, 16000); // Float32Array of 98 × 26 for 1 s
 */
export function logMelSpectrogram(
  samples: ArrayLike<number>,
  sampleRate: number,
  options: MfccOptions = {},
): Float32Array {
  const o = resolve(sampleRate, options);
  const plan = planFor(sampleRate, o);
  const frames = mfccFrameCount(samples.length, sampleRate, options);
  const bins = o.fftSize / 2 + 1;
  const re = new Float64Array(o.fftSize);
  const im = new Float64Array(o.fftSize);
  const power = new Float64Array(bins);
  const out = new Float32Array(frames * o.melFilters);
  for (let frame = 0; frame < frames; frame++) {
    const start = frame * o.hopSize;
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < o.windowSize; i++) {
      const n = start + i;
      // Pre-emphasis of the whole signal, computed per frame (x[-1] = 0); samples past the end are 0.
      const x = n < samples.length ? samples[n] : 0;
      const previous = n >= 1 && n - 1 < samples.length ? samples[n - 1] : 0;
      re[i] = (x - o.preEmphasis * previous) * plan.window[i];
    }
    fftInPlace(re, im, plan.fft);
    for (let k = 0; k < bins; k++) power[k] = (re[k] * re[k] + im[k] * im[k]) / o.fftSize;
    for (let m = 0; m < o.melFilters; m++) {
      const filter = plan.filters[m];
      let energy = 0;
      for (let j = 0; j < filter.weights.length; j++)
        energy += filter.weights[j] * power[filter.firstBin + j];
      out[frame * o.melFilters + m] = Math.log(Math.max(energy, o.logFloor));
    }
  }
  return out;
}

/**
 * MFCCs of a mono signal: frames × coefficients (default 13), row-major, as a
 * Float32Array — the layout of an AUDIO example's [steps, 13] input.
 *
 * @example
 * const features = mfcc(samples, 16000); // 1 s → 98 frames × 13
 * const coarse = mfcc(samples, 16000, { hopMs: 20 }); // 49 × 13
 */
export function mfcc(
  samples: ArrayLike<number>,
  sampleRate: number,
  options: MfccOptions = {},
): Float32Array {
  const o = resolve(sampleRate, options);
  const logMel = logMelSpectrogram(samples, sampleRate, options);
  const dct = dctMatrix(o.melFilters, o.coefficients);
  const frames = logMel.length / o.melFilters;
  const out = new Float32Array(frames * o.coefficients);
  for (let frame = 0; frame < frames; frame++) {
    const row = frame * o.melFilters;
    for (let c = 0; c < o.coefficients; c++) {
      let sum = 0;
      const basis = c * o.melFilters;
      for (let m = 0; m < o.melFilters; m++) sum += dct[basis + m] * logMel[row + m];
      out[frame * o.coefficients + c] = sum;
    }
  }
  return out;
}

/** Hz → mel on the HTK scale. */
export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

/** Mel → Hz on the HTK scale. */
export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

interface FftPlan {
  size: number;
  reversed: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

interface Plan {
  window: Float64Array;
  fft: FftPlan;
  filters: { firstBin: number; weights: Float64Array }[];
}

// Windows, FFT tables and filterbanks depend only on the configuration; reuse them.
const plans = new Map<string, Plan>();

function planFor(sampleRate: number, o: ResolvedMfccOptions): Plan {
  const key = `${sampleRate}|${o.windowSize}|${o.fftSize}|${o.melFilters}|${o.lowHz}|${o.highHz}`;
  let plan = plans.get(key);
  if (!plan) {
    const window = new Float64Array(o.windowSize);
    for (let i = 0; i < o.windowSize; i++) {
      window[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (o.windowSize - 1));
    }
    plan = { window, fft: fftPlan(o.fftSize), filters: melFilterbank(sampleRate, o) };
    plans.set(key, plan);
  }
  return plan;
}

/**
 * Triangular filters evenly spaced on the mel scale, evaluated at each FFT
 * bin's exact frequency (not rounded to bins first), so even the narrow low
 * filters of a short FFT never come out empty.
 */
function melFilterbank(sampleRate: number, o: ResolvedMfccOptions): Plan['filters'] {
  const lowMel = hzToMel(o.lowHz);
  const highMel = hzToMel(o.highHz);
  const edges = Array.from({ length: o.melFilters + 2 }, (_, i) =>
    melToHz(lowMel + ((highMel - lowMel) * i) / (o.melFilters + 1)),
  );
  const binHz = sampleRate / o.fftSize;
  const bins = o.fftSize / 2 + 1;
  const filters: Plan['filters'] = [];
  for (let m = 0; m < o.melFilters; m++) {
    const [left, centre, right] = [edges[m], edges[m + 1], edges[m + 2]];
    const weights: number[] = [];
    let firstBin = -1;
    for (let k = 0; k < bins; k++) {
      const hz = k * binHz;
      const weight = Math.max(0, Math.min((hz - left) / (centre - left), (right - hz) / (right - centre)));
      if (weight > 0) {
        // A triangle is one contiguous run of bins.
        if (firstBin < 0) firstBin = k;
        weights.push(weight);
      }
    }
    if (firstBin < 0) {
      // Narrower than one bin: take the bin nearest the centre.
      firstBin = Math.min(bins - 1, Math.round(centre / binHz));
      weights.push(1);
    }
    filters.push({ firstBin, weights: Float64Array.from(weights) });
  }
  return filters;
}

const dctMatrices = new Map<string, Float64Array>();

/** Orthonormal DCT-II basis, coefficients × inputs, row-major. */
function dctMatrix(inputs: number, coefficients: number): Float64Array {
  const key = `${inputs}|${coefficients}`;
  let matrix = dctMatrices.get(key);
  if (!matrix) {
    matrix = new Float64Array(coefficients * inputs);
    for (let c = 0; c < coefficients; c++) {
      const scale = Math.sqrt((c === 0 ? 1 : 2) / inputs);
      for (let m = 0; m < inputs; m++)
        matrix[c * inputs + m] = scale * Math.cos((Math.PI * c * (m + 0.5)) / inputs);
    }
    dctMatrices.set(key, matrix);
  }
  return matrix;
}

function fftPlan(size: number): FftPlan {
  const bits = Math.log2(size);
  const reversed = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reversed[i] = r;
  }
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let i = 0; i < size / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / size);
    sin[i] = -Math.sin((2 * Math.PI * i) / size);
  }
  return { size, reversed, cos, sin };
}

/** Iterative radix-2 decimation-in-time FFT, in place. */
function fftInPlace(re: Float64Array, im: Float64Array, plan: FftPlan): void {
  const n = plan.size;
  for (let i = 0; i < n; i++) {
    const j = plan.reversed[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let half = 1; half < n; half *= 2) {
    const step = n / (2 * half);
    for (let start = 0; start < n; start += 2 * half) {
      for (let k = 0; k < half; k++) {
        const wr = plan.cos[k * step];
        const wi = plan.sin[k * step];
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}
