/**
 * Applies a quality profile (DESIGN.md "QualityProfile") to a dataset source:
 * class imbalance or sample size, label noise, then input corruption, each
 * from its own random stream derived from the profile's seed.
 */
import { Rng } from '../util/rng.js';
import type { DatasetSource, LabelledExamples, LoadDatasetOptions, MaterialisedDataset } from './dataset.js';
import { checkCorruptionApplies, corruptInputs, loadRawInputs } from './quality/corrupt-inputs.js';
import { imbalancedRows } from './quality/imbalance.js';
import { stageRng } from './quality/stage-rng.js';
import type { QualitySpec } from './quality-spec.js';

/** Class confusions of asymmetric noise on digits (Patrini et al. 2017): 2→7, 3→8, 5↔6, 7→1. */
const DIGIT_FLIPS: Record<string, string> = { '2': '7', '3': '8', '5': '6', '6': '5', '7': '1' };

/**
 * Flips labels with probability `rate`: symmetric noise moves a flipped label
 * to any other class uniformly (T_ii = 1 − η, T_ij = η/(K − 1)); asymmetric
 * noise moves it to its confusable class (digits: 2→7, 3→8, 5↔6, 7→1; other
 * datasets: the next class). True labels stay in `cleanLabels`.
 */
export function addLabelNoise(
  examples: LabelledExamples,
  classNames: string[],
  noise: NonNullable<QualitySpec['labelNoise']>,
  rng: Rng,
): LabelledExamples {
  const classes = classNames.length;
  const labels = Int32Array.from(examples.labels);
  const flipTo = classNames.map((name, c) => {
    const target = DIGIT_FLIPS[name];
    return target !== undefined && classNames.includes(target)
      ? classNames.indexOf(target)
      : (c + 1) % classes;
  });
  const digits = classNames.every((name, i) => name === String(i)) && classes === 10;
  for (let i = 0; i < labels.length; i++) {
    const draw = rng.next();
    if (noise.kind === 'symmetric') {
      if (draw < noise.rate) labels[i] = (examples.cleanLabels[i] + 1 + rng.int(classes - 1)) % classes;
    } else {
      const c = examples.cleanLabels[i];
      const flippable = !digits || DIGIT_FLIPS[classNames[c]] !== undefined;
      if (flippable && draw < noise.rate) labels[i] = flipTo[c];
    }
  }
  return { ...examples, labels };
}

function fractionChanged(examples: LabelledExamples): number {
  let changed = 0;
  for (let i = 0; i < examples.count; i++) if (examples.labels[i] !== examples.cleanLabels[i]) changed++;
  return examples.count === 0 ? 0 : changed / examples.count;
}

/** A dataset before and after a profile, row for row. */
export interface QualityApplication {
  /** What the base source loaded. */
  clean: MaterialisedDataset;
  degraded: MaterialisedDataset;
  /**
   * For each row of `degraded.train`, its row in `clean.train` (imbalance drops
   * rows; validation and probe rows stay where they were).
   */
  trainRows: number[];
  /** When typos went into raw text: the training texts before and after, row for row with `degraded.train`. */
  trainTexts?: { clean: string[]; degraded: string[] };
}

const SPLITS = ['train', 'validation', 'probe'] as const;

/**
 * Loads `base` and applies `spec`, deterministically from `spec.seed` (the same
 * seed and options give byte-identical data):
 * 1. sample size and imbalance: `sampleSize` alone keeps a stratified subset of
 *    the training split (the source's own `limit`); `imbalance` subsamples it so
 *    class sizes decay geometrically from class 0 to the last at that ratio,
 *    `sampleSize` then being the total kept;
 * 2. label noise on the training and validation labels (the probe stays clean);
 * 3. input corruption of the training, validation and probe inputs.
 *
 * @example
 * const { clean, degraded } = await applyQuality(mnistDataset, { corruption: { kind: 'contrast', severity: 3 }, seed: 1 },
 *   { role: 'target', seed: 0, limit: 100 });
 */
export async function applyQuality(
  base: DatasetSource,
  spec: QualitySpec,
  options: LoadDatasetOptions,
): Promise<QualityApplication> {
  checkQualityApplies(base, spec);
  const imbalance = spec.imbalance !== undefined && spec.imbalance > 1 ? spec.imbalance : undefined;
  const limit =
    spec.sampleSize === undefined || imbalance !== undefined
      ? options.limit
      : Math.min(spec.sampleSize, options.limit ?? Infinity);
  const loadOptions = { ...options, limit };
  const clean = await base.load(loadOptions);
  const { info } = clean;
  const exampleSize = info.inputShape.reduce((a, b) => a * b, 1);

  const trainRows =
    imbalance === undefined
      ? Array.from({ length: clean.train.count }, (_, row) => row)
      : imbalancedRows(
          clean.train.cleanLabels,
          info.classNames.length,
          imbalance,
          stageRng(spec.seed, 'imbalance'),
          spec.sampleSize,
        );
  const splits = {
    train: imbalance === undefined ? clean.train : selectRows(clean.train, trainRows, exampleSize),
    validation: clean.validation,
    probe: clean.probe,
  };

  let realisedNoiseRate = 0;
  if (spec.labelNoise && spec.labelNoise.rate > 0) {
    // The profile seed itself, not a stage stream: label-noise-only profiles flip the labels they always did.
    const rng = Rng.fromSeed(spec.seed);
    splits.train = addLabelNoise(splits.train, info.classNames, spec.labelNoise, rng);
    splits.validation = addLabelNoise(splits.validation, info.classNames, spec.labelNoise, rng);
    realisedNoiseRate = fractionChanged(splits.train);
  }

  const corruption = spec.corruption;
  let trainTexts: QualityApplication['trainTexts'];
  if (corruption) {
    const raw = await loadRawInputs(base, corruption, loadOptions);
    for (const split of SPLITS) {
      const examples = splits[split];
      const pick = <T>(list: T[] | undefined) =>
        list && split === 'train' ? trainRows.map((row) => list[row]) : list;
      const texts = pick(raw.texts?.splits[split]);
      const rng = stageRng(spec.seed, `corruption/${split}`);
      const corrupted = corruptInputs(info, examples.inputs, corruption, rng, {
        texts,
        tokenizer: raw.texts?.tokenizer,
        waveforms: pick(raw.audio?.splits[split]),
        audio: raw.audio?.featurizer,
      });
      splits[split] = { ...examples, inputs: corrupted.inputs };
      if (split === 'train' && texts && corrupted.texts)
        trainTexts = { clean: texts, degraded: corrupted.texts };
    }
  }
  return {
    clean,
    degraded: { ...clean, ...splits, realisedNoiseRate },
    trainRows,
    ...(trainTexts ? { trainTexts } : {}),
  };
}

/**
 * Throws an `InvalidQualitySpecError` when `spec` cannot apply to `base`
 * (a corruption for another modality, a band limit above the audio's rate).
 */
export function checkQualityApplies(base: DatasetSource, spec: QualitySpec): void {
  if (spec.corruption) checkCorruptionApplies(base, spec.corruption);
}

function selectRows(
  examples: LabelledExamples,
  rows: readonly number[],
  exampleSize: number,
): LabelledExamples {
  const inputs =
    examples.inputs instanceof Int32Array
      ? new Int32Array(rows.length * exampleSize)
      : new Float32Array(rows.length * exampleSize);
  rows.forEach((row, i) =>
    inputs.set(examples.inputs.subarray(row * exampleSize, (row + 1) * exampleSize), i * exampleSize),
  );
  return {
    inputs,
    labels: Int32Array.from(rows, (row) => examples.labels[row]),
    cleanLabels: Int32Array.from(rows, (row) => examples.cleanLabels[row]),
    count: rows.length,
  };
}

/**
 * A dataset source that applies a quality profile to another (see
 * {@link applyQuality}). It checks at once that the profile fits the source.
 * It does not pass on the source's raw-text or raw-audio hooks: those would
 * hand out the clean examples.
 *
 * @example
 * const noisy = withQuality(getDataset('mnist'), { labelNoise: { rate: 0.4, kind: 'symmetric' }, seed: 1 });
 * const blurred = withQuality(getDataset('mnist'), { corruption: { kind: 'gaussian-blur', severity: 3 }, seed: 1 });
 */
export function withQuality(base: DatasetSource, spec: QualitySpec): DatasetSource {
  checkQualityApplies(base, spec);
  return {
    name: base.name,
    fingerprint: JSON.stringify({ base: base.fingerprint ?? base.name, quality: spec }),
    describe: () => base.describe(),
    load: async (options) => (await applyQuality(base, spec, options)).degraded,
  };
}
