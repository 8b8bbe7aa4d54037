/**
 * Small generated datasets, one per modality, so tests and smoke runs can train
 * in seconds without MNIST. Each is a fixed dataset (generated from `dataSeed`,
 * not from the load seed, so different load seeds split the same data, as with
 * MNIST). The target role is the same task under a distribution shift, so
 * fine-tuning a source model on it is meaningful.
 */
import { Rng } from '../util/rng.js';
import type {
  DatasetInfo,
  DatasetRole,
  DatasetSource,
  LoadDatasetOptions,
  MaterialisedDataset,
} from './dataset.js';
import { type ExamplePool, materialiseRole, resolveLoadOptions } from './materialise.js';

/** Options shared by the synthetic dataset factories. */
export interface SyntheticDatasetOptions {
  /** Examples per class in each role (defaults: image 100, text 150, audio 100). Tests use ~5. */
  examplesPerClass?: number;
  /** Seed of the generator; the data are a pure function of it (default 1). */
  dataSeed?: number;
  /** Registry name, for variants next to the built-in one (default `synthetic-<modality>`). */
  name?: string;
}

/** What differs between generators; the rest (roles, caching, splitting) is shared. */
interface SyntheticSpec {
  info: Omit<DatasetInfo, 'size' | 'name'>;
  defaultName: string;
  defaultExamplesPerClass: number;
  /** Writes one example of class `label` into `out` at `offset`. */
  generate(rng: Rng, label: number, role: DatasetRole, out: Float32Array | Int32Array, offset: number): void;
}

interface SyntheticPool extends ExamplePool {
  idsByRole: Record<DatasetRole, number[][]>;
}

const ROLES: readonly DatasetRole[] = ['source', 'target'];

function createSyntheticDataset(spec: SyntheticSpec, options: SyntheticDatasetOptions): DatasetSource {
  const name = options.name ?? spec.defaultName;
  const perClass = options.examplesPerClass ?? spec.defaultExamplesPerClass;
  const dataSeed = options.dataSeed ?? 1;
  if (!(Number.isSafeInteger(perClass) && perClass >= 1)) {
    throw new RangeError(`examplesPerClass must be a positive integer, got ${perClass}`);
  }
  if (!Number.isSafeInteger(dataSeed)) throw new RangeError(`dataSeed must be an integer, got ${dataSeed}`);

  const classCount = spec.info.classNames.length;
  const exampleSize = spec.info.inputShape.reduce((a, b) => a * b, 1);
  const total = ROLES.length * classCount * perClass;
  const info = (size: number): DatasetInfo => ({
    ...spec.info,
    name,
    inputShape: [...spec.info.inputShape],
    classNames: [...spec.info.classNames],
    size,
  });

  // Generated on first load, then reused: loads only split and copy.
  let pool: SyntheticPool | undefined;
  const buildPool = (): SyntheticPool => {
    const rng = Rng.fromSeed(dataSeed);
    const inputs =
      spec.info.inputDtype === 'int32'
        ? new Int32Array(total * exampleSize)
        : new Float32Array(total * exampleSize);
    const labels = new Int32Array(total);
    const idsByRole = { source: [], target: [] } as Record<DatasetRole, number[][]>;
    let row = 0;
    for (const role of ROLES) {
      for (let label = 0; label < classCount; label++) {
        const ids: number[] = [];
        for (let i = 0; i < perClass; i++, row++) {
          spec.generate(rng, label, role, inputs, row * exampleSize);
          labels[row] = label;
          ids.push(row);
        }
        idsByRole[role].push(ids);
      }
    }
    return { inputs, labels, exampleSize, idsByRole };
  };

  return {
    name,
    describe: () => info(total),
    async load(loadOptions: LoadDatasetOptions): Promise<MaterialisedDataset> {
      const { role } = resolveLoadOptions(loadOptions);
      pool ??= buildPool();
      return materialiseRole(pool, pool.idsByRole[role], info(0), loadOptions);
    },
  };
}

const IMAGE_SIDE = 12;

/**
 * 12×12×1 float32 images in [0, 1] of four shapes — 'horizontal' bar,
 * 'vertical' bar, 'blob', 'diagonal' line — jittered in position and amplitude,
 * plus Gaussian noise. Target shift: a brighter background, lower contrast,
 * more jitter and more noise (a different "camera").
 *
 * @example
 * const source = createSyntheticImageDataset({ examplesPerClass: 5 });
 * const { train } = await source.load({ role: 'target', seed: 1 });
 */
export function createSyntheticImageDataset(options: SyntheticDatasetOptions = {}): DatasetSource {
  return createSyntheticDataset(
    {
      defaultName: 'synthetic-image',
      defaultExamplesPerClass: 100,
      info: {
        modality: 'IMAGE',
        inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1],
        inputDtype: 'float32',
        classNames: ['horizontal', 'vertical', 'blob', 'diagonal'],
      },
      generate(rng, label, role, out, offset) {
        const shift =
          role === 'source'
            ? { background: 0, contrast: 1, jitter: 2, noise: 0.12 }
            : { background: 0.15, contrast: 0.85, jitter: 3, noise: 0.16 };
        const amplitude = shift.contrast * (0.7 + 0.3 * rng.next());
        const centre = (IMAGE_SIDE - 1) / 2;
        const cx = centre + rng.int(2 * shift.jitter + 1) - shift.jitter;
        const cy = centre + rng.int(2 * shift.jitter + 1) - shift.jitter;
        for (let y = 0; y < IMAGE_SIDE; y++) {
          for (let x = 0; x < IMAGE_SIDE; x++) {
            // Squared distance from the shape, in pixels; each shape is a soft Gaussian ridge.
            const d2 =
              label === 0
                ? (y - cy) ** 2
                : label === 1
                  ? (x - cx) ** 2
                  : label === 2
                    ? ((x - cx) ** 2 + (y - cy) ** 2) / 4
                    : (y - cy - (x - cx)) ** 2 / 2;
            const value = shift.background + amplitude * Math.exp(-d2 / 2) + shift.noise * rng.normal();
            out[offset + y * IMAGE_SIDE + x] = Math.min(1, Math.max(0, value));
          }
        }
      },
    },
    options,
  );
}

const TEXT_LENGTH = 16;
const TEXT_VOCABULARY = 50;
/** Token 0 pads sequences shorter than {@link TEXT_LENGTH}. */
const PAD_TOKEN = 0;
/** Class c's marker tokens are 1 + 3c .. 3 + 3c (tokens 1..9). */
const MARKERS_PER_CLASS = 3;
/** Filler vocabulary per role: overlapping but shifted ranges. */
const FILLER = { source: { from: 10, to: 40 }, target: { from: 20, to: 50 } } as const;

/**
 * int32 token ids, length 16 (10–16 real tokens, then padding 0), vocabulary
 * 50, three classes 'alpha' / 'beta' / 'gamma'. The class is the one whose
 * marker tokens (1–3, 4–6, 7–9) occur most: each example has 2–3 of its own
 * and sometimes one distractor from another class, among random filler.
 * Target shift: the filler vocabulary moves (10–39 → 20–49) and each class uses
 * a different pair of its three markers (first two → last two), like a new
 * domain with its own synonyms.
 *
 * @example
 * const text = createSyntheticTextDataset();
 * text.describe().vocabularySize; // 50
 */
export function createSyntheticTextDataset(options: SyntheticDatasetOptions = {}): DatasetSource {
  return createSyntheticDataset(
    {
      defaultName: 'synthetic-text',
      defaultExamplesPerClass: 150,
      info: {
        modality: 'TEXT',
        inputShape: [TEXT_LENGTH],
        inputDtype: 'int32',
        classNames: ['alpha', 'beta', 'gamma'],
        vocabularySize: TEXT_VOCABULARY,
      },
      generate(rng, label, role, out, offset) {
        const filler = FILLER[role];
        const markerBase = role === 'source' ? 0 : 1;
        const marker = (cls: number) => 1 + MARKERS_PER_CLASS * cls + markerBase + rng.int(2);
        const length = 10 + rng.int(TEXT_LENGTH - 10 + 1);
        for (let i = 0; i < TEXT_LENGTH; i++) {
          out[offset + i] = i < length ? filler.from + rng.int(filler.to - filler.from) : PAD_TOKEN;
        }
        const tokens = [marker(label), marker(label)];
        if (rng.next() < 0.5) tokens.push(marker(label));
        // At most one distractor, so the own class always has the most markers.
        if (rng.next() < 0.25) tokens.push(marker((label + 1 + rng.int(2)) % 3));
        const positions = rng.shuffle(Array.from({ length }, (_, i) => i));
        tokens.forEach((token, i) => (out[offset + positions[i]] = token));
      },
    },
    options,
  );
}

const AUDIO_STEPS = 20;
const AUDIO_FEATURES = 13;

/**
 * MFCC-like float32 frames, 20 steps × 13 features, four classes: 'rising' and
 * 'falling' (a band sweeping up or down the features over time), 'steady' (a
 * fixed band with a slow amplitude wobble) and 'burst' (broadband onset at a
 * random step, decaying). Values are roughly zero-mean with peaks near 1–1.5.
 * Target shift: a spectral tilt per feature (a different microphone), bands
 * one feature higher and more noise.
 *
 * @example
 * const audio = createSyntheticAudioDataset({ examplesPerClass: 5 });
 * audio.describe().inputShape; // [20, 13]
 */
export function createSyntheticAudioDataset(options: SyntheticDatasetOptions = {}): DatasetSource {
  return createSyntheticDataset(
    {
      defaultName: 'synthetic-audio',
      defaultExamplesPerClass: 100,
      info: {
        modality: 'AUDIO',
        inputShape: [AUDIO_STEPS, AUDIO_FEATURES],
        inputDtype: 'float32',
        classNames: ['rising', 'falling', 'steady', 'burst'],
      },
      generate(rng, label, role, out, offset) {
        const target = role === 'target';
        const noise = target ? 0.35 : 0.25;
        const bandShift = target ? 1 : 0;
        const amplitude = 1 + 0.5 * rng.next();
        const low = 1 + rng.int(3);
        const span = 6 + rng.int(3);
        const steadyBand = 4 + rng.int(5);
        const wobblePhase = 2 * Math.PI * rng.next();
        const onset = 2 + rng.int(10);
        for (let t = 0; t < AUDIO_STEPS; t++) {
          const progress = t / (AUDIO_STEPS - 1);
          const band =
            bandShift +
            (label === 0 ? low + span * progress : label === 1 ? low + span * (1 - progress) : steadyBand);
          const gain =
            label === 2
              ? amplitude * (0.75 + 0.25 * Math.sin((2 * Math.PI * t) / 8 + wobblePhase))
              : amplitude;
          for (let f = 0; f < AUDIO_FEATURES; f++) {
            const pattern =
              label === 3
                ? t < onset
                  ? 0
                  : amplitude * Math.exp(-(t - onset) / 3) * (0.8 + 0.2 * Math.cos(f / 2))
                : gain * Math.exp(-((f - band) ** 2) / (2 * 1.2 ** 2));
            const tilt = target ? 0.4 * (f / (AUDIO_FEATURES - 1) - 0.5) : 0;
            out[offset + t * AUDIO_FEATURES + f] = pattern + tilt + noise * rng.normal();
          }
        }
      },
    },
    options,
  );
}
