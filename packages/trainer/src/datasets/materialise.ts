/**
 * The split-and-copy step every in-memory dataset shares: turn a role's example
 * ids (grouped by class) into train / validation / probe typed arrays,
 * deterministically from the seed.
 */
import { Rng } from '../util/rng.js';
import type {
  DatasetInfo,
  DatasetRole,
  LabelledExamples,
  LoadDatasetOptions,
  MaterialisedDataset,
} from './dataset.js';

/** Default share of a role held out for validation. */
export const DEFAULT_VALIDATION_FRACTION = 0.2;
/** Default probe-set size (capped by the validation size). */
export const DEFAULT_PROBE_SIZE = 256;

/** Every example a source can hand out, both roles together, one example per row. */
export interface ExamplePool {
  /** count × exampleSize values, row-major. */
  inputs: Float32Array | Int32Array;
  /** One class index per example. */
  labels: Int32Array;
  /** Values per example: the product of the input shape. */
  exampleSize: number;
}

/** {@link LoadDatasetOptions} with the defaults filled in and every value checked. */
export interface ResolvedLoadOptions {
  role: DatasetRole;
  seed: number;
  /** `Infinity` when no limit was asked for. */
  limit: number;
  validationFraction: number;
  probeSize: number;
}

/** Example ids (rows of an {@link ExamplePool}) for each split of one role. */
export interface RoleSplit {
  train: number[];
  validation: number[];
  /** A subset of `validation`. */
  probe: number[];
}

/**
 * Fills in defaults and rejects values that would otherwise fail silently
 * (a NaN fraction, a fractional limit), so a bad CLI flag fails before any data
 * is loaded.
 *
 * @example
 * resolveLoadOptions({ role: 'source', seed: 1 });
 * // { role: 'source', seed: 1, limit: Infinity, validationFraction: 0.2, probeSize: 256 }
 */
export function resolveLoadOptions(options: LoadDatasetOptions): ResolvedLoadOptions {
  const { role, seed } = options;
  if (role !== 'source' && role !== 'target') {
    throw new RangeError(`dataset role must be "source" or "target", got ${JSON.stringify(role)}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`dataset seed must be an integer, got ${seed}`);
  }
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`dataset limit must be a non-negative integer, got ${limit}`);
  }
  const validationFraction = options.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new RangeError(`validationFraction must be in [0, 1), got ${validationFraction}`);
  }
  const probeSize = options.probeSize ?? DEFAULT_PROBE_SIZE;
  if (!(Number.isSafeInteger(probeSize) && probeSize >= 0)) {
    throw new RangeError(`probeSize must be a non-negative integer, got ${probeSize}`);
  }
  return { role, seed, limit, validationFraction, probeSize };
}

/**
 * Splits one role's examples into train, validation and probe ids.
 *
 * All three are stratified: the role is put in a single "stratified order"
 * (each class shuffled, then the classes interleaved in proportion to their
 * sizes, systematic-sampling style), validation is a prefix of it, the limited
 * train split is the next stretch and the probe is a prefix of validation. Any
 * prefix of that order holds each class within one example of its share, so
 * `limit: 100` on MNIST gives ~10 of each digit, and the splits are nested:
 * for one seed, a smaller limit or probe is a subset of a larger one, and the
 * probe does not depend on `limit` at all. The returned train and validation
 * lists are then shuffled so batches are not class-periodic.
 *
 * @example
 * const split = splitRole([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], { role: 'source', seed: 7 });
 * split.validation.length; // 2: one of each class
 */
export function splitRole(
  idsByClass: readonly (readonly number[])[],
  options: LoadDatasetOptions,
): RoleSplit {
  const { seed, limit, validationFraction, probeSize } = resolveLoadOptions(options);
  const rng = Rng.fromSeed(seed);
  const order = stratifiedOrder(idsByClass, rng);
  // Separate streams, drawn before any option-dependent use of `rng`, so e.g.
  // the validation order does not change when only `limit` changes.
  const validationRng = Rng.fromSeed(rng.nextUint32());
  const probeRng = Rng.fromSeed(rng.nextUint32());
  const trainRng = Rng.fromSeed(rng.nextUint32());

  const validationCount = Math.min(order.length, Math.round(order.length * validationFraction));
  const validationOrder = order.slice(0, validationCount);
  const trainCount = Math.min(limit, order.length - validationCount);
  return {
    train: trainRng.shuffle(order.slice(validationCount, validationCount + trainCount)),
    validation: validationRng.shuffle(validationOrder.slice()),
    probe: probeRng.shuffle(validationOrder.slice(0, Math.min(probeSize, validationCount))),
  };
}

/**
 * Shuffles each class, then merges the classes by "position within class" so
 * every prefix is close to the class proportions. A random phase per class
 * decides which class goes first where proportions tie.
 */
function stratifiedOrder(idsByClass: readonly (readonly number[])[], rng: Rng): number[] {
  const keyed: { id: number; key: number; cls: number }[] = [];
  idsByClass.forEach((ids, cls) => {
    const shuffled = rng.shuffle(ids.slice());
    const phase = rng.next();
    shuffled.forEach((id, k) => keyed.push({ id, key: (k + phase) / shuffled.length, cls }));
  });
  keyed.sort((a, b) => a.key - b.key || a.cls - b.cls);
  return keyed.map((entry) => entry.id);
}

/**
 * Copies the given rows out of a pool. The result owns its buffers (never a view
 * of a cached pool) and `cleanLabels` is a separate copy of `labels`, so a
 * degraded copy can add label noise without touching the cache or the truth.
 *
 * @example
 * const pool = { inputs: new Float32Array([0, 0, 1, 1]), labels: new Int32Array([0, 1]), exampleSize: 2 };
 * gatherExamples(pool, [1]); // { inputs: Float32Array [1, 1], labels: Int32Array [1], cleanLabels: ..., count: 1 }
 */
export function gatherExamples(pool: ExamplePool, ids: readonly number[]): LabelledExamples {
  const size = pool.exampleSize;
  const poolCount = pool.labels.length;
  const inputs =
    pool.inputs instanceof Int32Array
      ? new Int32Array(ids.length * size)
      : new Float32Array(ids.length * size);
  const labels = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // subarray clamps out-of-range ends silently, which would hand out wrong rows.
    if (!(Number.isInteger(id) && id >= 0 && id < poolCount)) {
      throw new RangeError(`example id ${id} is outside the pool of ${poolCount} examples`);
    }
    inputs.set(pool.inputs.subarray(id * size, (id + 1) * size), i * size);
    labels[i] = pool.labels[id];
  }
  return { inputs, labels, cleanLabels: labels.slice(), count: ids.length };
}

/**
 * Splits a role (see {@link splitRole}) and copies its rows into a
 * {@link MaterialisedDataset}. `info.size` is set to the role's size.
 *
 * @example
 * const dataset = materialiseRole(pool, [sourceIdsOfClass0, sourceIdsOfClass1], info, { role: 'source', seed: 1 });
 * dataset.train.count + dataset.validation.count === dataset.info.size; // true without a limit
 */
export function materialiseRole(
  pool: ExamplePool,
  idsByClass: readonly (readonly number[])[],
  info: DatasetInfo,
  options: LoadDatasetOptions,
): MaterialisedDataset {
  if (pool.inputs.length !== pool.labels.length * pool.exampleSize) {
    throw new Error(
      `example pool holds ${pool.inputs.length} values, expected ${pool.labels.length} × ${pool.exampleSize}`,
    );
  }
  const split = splitRole(idsByClass, options);
  const size = idsByClass.reduce((total, ids) => total + ids.length, 0);
  return {
    info: { ...info, inputShape: [...info.inputShape], classNames: [...info.classNames], size },
    train: gatherExamples(pool, split.train),
    validation: gatherExamples(pool, split.validation),
    probe: gatherExamples(pool, split.probe),
  };
}
