import { Rng } from '../util/rng.js';
import type { DatasetSource, LabelledExamples, MaterialisedDataset } from './dataset.js';
import { InvalidQualitySpecError, type QualitySpec } from './quality-spec.js';

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

/**
 * A dataset source that applies a quality profile to another, deterministically
 * from the profile's seed: sample size, then label noise on the training and
 * validation labels (the probe set stays clean). Input corruptions are not
 * implemented yet and are refused by name.
 *
 * @example
 * const noisy = withQuality(getDataset('mnist'), { labelNoise: { rate: 0.4, kind: 'symmetric' }, seed: 1 });
 */
export function withQuality(base: DatasetSource, spec: QualitySpec): DatasetSource {
  if (spec.corruption) {
    throw new InvalidQualitySpecError(
      `corruption "${spec.corruption.kind}" cannot be applied yet; label noise and sampleSize can`,
    );
  }
  if (spec.imbalance !== undefined && spec.imbalance !== 1) {
    throw new InvalidQualitySpecError(
      'class imbalance cannot be applied yet; label noise and sampleSize can',
    );
  }
  return {
    name: base.name,
    describe: () => base.describe(),
    async load(options): Promise<MaterialisedDataset> {
      const limit =
        spec.sampleSize === undefined ? options.limit : Math.min(spec.sampleSize, options.limit ?? Infinity);
      const data = await base.load({ ...options, limit });
      if (!spec.labelNoise || spec.labelNoise.rate === 0) return { ...data, realisedNoiseRate: 0 };
      const rng = Rng.fromSeed(spec.seed);
      const train = addLabelNoise(data.train, data.info.classNames, spec.labelNoise, rng);
      const validation = addLabelNoise(data.validation, data.info.classNames, spec.labelNoise, rng);
      return { ...data, train, validation, realisedNoiseRate: fractionChanged(train) };
    },
  };
}
