/**
 * The study's dataset sources, built only from the trainer's public API: digit
 * subsets of MNIST (a new label space for the target), an input-inverting
 * wrapper (a strong input-level shift), a wrapper that renames classes (to
 * force a fresh head on the same words) and noisy speech (white noise on the
 * waveform, before a band limit that `withQuality` applies on top).
 */
import {
  addNoiseAtSnr,
  audioHooksOf,
  loadMnistDigits,
  materialiseRole,
  resolveLoadOptions,
  MNIST_IMAGE_SIDE,
  MNIST_PIXELS,
  Rng,
  type AudioDatasetSource,
  type DatasetInfo,
  type DatasetSource,
  type LabelledExamples,
  type LoadDatasetOptions,
  type MaterialisedDataset,
  type RawSplits,
} from '../index.js';

/** Which rows of each digit a subset hands out. */
export type DigitRows =
  /** `source` = the first half of each digit file, `target` = the second half (as `mnist` does). */
  | 'by-role'
  /** Both roles get every example of the digits (for digits the source model never saw). */
  | 'all';

export interface DigitSubsetOptions {
  name: string;
  /** The digits, in class order: class i is digit `digits[i]`, named `String(digit)`. */
  digits: readonly number[];
  rows: DigitRows;
}

/**
 * MNIST restricted to some digits, as a {@link DatasetSource} whose classes
 * are those digits' names ('5'..'9' gives a 5-class problem whose head cannot
 * be the source's '0'..'4' head).
 *
 * @example
 * const target = digitSubset({ name: 'mnist-5-9', digits: [5, 6, 7, 8, 9], rows: 'all' });
 */
export function digitSubset(options: DigitSubsetOptions): DatasetSource {
  const { name, digits, rows } = options;
  const info = (size: number): DatasetInfo => ({
    name,
    modality: 'IMAGE',
    inputShape: [MNIST_IMAGE_SIDE, MNIST_IMAGE_SIDE, 1],
    inputDtype: 'float32',
    classNames: digits.map(String),
    size,
  });
  let pool: Promise<{ inputs: Float32Array; labels: Int32Array; counts: number[]; starts: number[] }>;
  const loadPool = () => {
    pool ??= loadMnistDigits().then((mnist) => {
      // Class indices of this subset; rows of other digits are never handed out.
      const labels = new Int32Array(mnist.labels.length).fill(-1);
      digits.forEach((digit, cls) =>
        labels.fill(cls, mnist.digitStarts[digit], mnist.digitStarts[digit] + mnist.digitCounts[digit]),
      );
      return { inputs: mnist.images, labels, counts: mnist.digitCounts, starts: mnist.digitStarts };
    });
    return pool;
  };
  const idsOf = (counts: number[], starts: number[], role: LoadDatasetOptions['role']) =>
    digits.map((digit) => {
      const count = counts[digit];
      const half = Math.floor(count / 2);
      const [from, to] = rows === 'all' ? [0, count] : role === 'source' ? [0, half] : [half, count];
      return Array.from({ length: to - from }, (_, p) => starts[digit] + from + p);
    });
  return {
    name,
    fingerprint: JSON.stringify({ name, digits, rows }),
    describe: () => info(0),
    async load(loadOptions) {
      const { inputs, labels, counts, starts } = await loadPool();
      const ids = idsOf(counts, starts, loadOptions.role);
      return materialiseRole({ inputs, labels, exampleSize: MNIST_PIXELS }, ids, info(0), loadOptions);
    },
  };
}

function mapSplitInputs(
  data: MaterialisedDataset,
  map: (examples: LabelledExamples) => LabelledExamples,
): MaterialisedDataset {
  return { ...data, train: map(data.train), validation: map(data.validation), probe: map(data.probe) };
}

/**
 * Photographic negatives of an image source: every pixel x in [0, 1] becomes
 * 1 − x. Same classes, same labels: a pure input-level shift.
 *
 * @example
 * const negatives = invertImages(digitSubset({ name: 'mnist-0-4', digits: [0, 1, 2, 3, 4], rows: 'by-role' }));
 */
export function invertImages(base: DatasetSource): DatasetSource {
  const invert = (examples: LabelledExamples): LabelledExamples => ({
    ...examples,
    inputs: (examples.inputs as Float32Array).map((x) => 1 - x),
  });
  return {
    name: `${base.name}-inverted`,
    fingerprint: JSON.stringify({ base: base.fingerprint ?? base.name, map: 'invert' }),
    describe: () => ({ ...base.describe(), name: `${base.name}-inverted` }),
    async load(options) {
      const data = await base.load(options);
      return mapSplitInputs({ ...data, info: { ...data.info, name: `${base.name}-inverted` } }, invert);
    },
  };
}

/**
 * The same data under other class names (`prefix` + name), so `train()` sees
 * a new label space and gives the model a freshly initialised head while the
 * labels keep their meaning.
 *
 * @example
 * const fresh = renameClasses(getDataset('speech-commands-synth'), 'new:');
 */
export function renameClasses(base: DatasetSource, prefix: string): DatasetSource {
  const rename = (info: DatasetInfo): DatasetInfo => ({
    ...info,
    classNames: info.classNames.map((name) => `${prefix}${name}`),
  });
  return {
    name: base.name,
    fingerprint: JSON.stringify({ base: base.fingerprint ?? base.name, classPrefix: prefix }),
    describe: () => rename(base.describe()),
    async load(options) {
      const data = await base.load(options);
      return { ...data, info: rename(data.info) };
    },
  };
}

/**
 * The same source, but each distinct set of load options is loaded once and
 * then shared (the trainer only reads what `load()` returns). For degraded
 * text and audio, whose loads re-tokenise or re-featurise every example.
 *
 * @example
 * const once = memoiseLoads(withQuality(getDataset('spam-assassin'), profile));
 */
export function memoiseLoads(base: DatasetSource): DatasetSource {
  const loads = new Map<string, Promise<MaterialisedDataset>>();
  return {
    name: base.name,
    ...(base.fingerprint !== undefined ? { fingerprint: base.fingerprint } : {}),
    describe: () => base.describe(),
    load(options) {
      const key = JSON.stringify(resolveLoadOptions(options));
      let loaded = loads.get(key);
      if (!loaded) {
        loaded = base.load(options);
        loads.set(key, loaded);
        loaded.catch(() => loads.delete(key));
      }
      return loaded;
    },
  };
}

/**
 * `make(seed)` called once per seed: the same source object for every run of
 * that seed, so {@link memoiseLoads} can share its loads.
 */
export function perSeed(make: (seed: number) => DatasetSource): (seed: number) => DatasetSource {
  const made = new Map<number, DatasetSource>();
  return (seed) => {
    let source = made.get(seed);
    if (!source) {
      source = make(seed);
      made.set(seed, source);
    }
    return source;
  };
}

/** splitmix-style hash of a few integers into one seed. */
function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h;
}

const SPLIT_INDEX = { train: 0, validation: 1, probe: 2 } as const;

/**
 * Adds white noise at `snrDb` to every waveform of an audio source (with raw
 * audio hooks) and recomputes its features. The result keeps audio hooks that
 * hand out the noisy waveforms, so `withQuality(…, band-limit)` can low-pass
 * speech and noise together, as a cheap microphone in a noisy room would. The
 * noise of a row is drawn from `noiseSeed`, the load seed and its split, so the
 * same options always give the same data.
 *
 * @example
 * const noisy = noisySpeech(getDataset('speech-commands-synth'), 5, 1);
 */
export function noisySpeech(base: DatasetSource, snrDb: number, noiseSeed: number): AudioDatasetSource {
  const hooks = audioHooksOf(base);
  if (!hooks) throw new Error(`${base.name} has no raw audio to add noise to`);
  const noisyWaveforms = async (options: LoadDatasetOptions): Promise<RawSplits<Float32Array>> => {
    const clean = await hooks.loadWaveforms(options);
    const noisy = (split: keyof typeof SPLIT_INDEX) => {
      const rng = Rng.fromSeed(mixSeed(noiseSeed, options.seed, SPLIT_INDEX[split]));
      return clean[split].map((clip) => addNoiseAtSnr(clip, snrDb, rng));
    };
    return { train: noisy('train'), validation: noisy('validation'), probe: noisy('probe') };
  };
  return {
    name: base.name,
    fingerprint: JSON.stringify({ base: base.fingerprint ?? base.name, snrDb, noiseSeed }),
    describe: () => base.describe(),
    async load(options) {
      const [data, waves, featurize] = await Promise.all([
        base.load(options),
        noisyWaveforms(options),
        hooks.loadFeaturizer(),
      ]);
      const featurise = (examples: LabelledExamples, clips: Float32Array[]): LabelledExamples => {
        const inputs = new Float32Array(examples.inputs.length);
        const size = inputs.length / Math.max(1, examples.count);
        clips.forEach((clip, row) => inputs.set(featurize(clip), row * size));
        return { ...examples, inputs };
      };
      return {
        ...data,
        train: featurise(data.train, waves.train),
        validation: featurise(data.validation, waves.validation),
        probe: featurise(data.probe, waves.probe),
      };
    },
    audio: {
      sampleRate: hooks.sampleRate,
      loadWaveforms: noisyWaveforms,
      loadFeaturizer: () => hooks.loadFeaturizer(),
    },
  };
}
