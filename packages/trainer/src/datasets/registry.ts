/**
 * Datasets by name, for the CLI and the API. Starts with the built-in sources;
 * later features (imports, degraded copies) add theirs with registerDataset.
 */
import type { DatasetInfo, DatasetSource } from './dataset.js';
import { mnistDataset } from './mnist.js';
import { spamAssassinDataset } from './spam-assassin.js';
import { speechCommandsSynthDataset } from './speech-commands-synth.js';
import {
  createSyntheticAudioDataset,
  createSyntheticImageDataset,
  createSyntheticTextDataset,
} from './synthetic.js';

// A Map keeps registration order, so listings are stable: built-ins first.
const sources = new Map<string, DatasetSource>();
for (const source of [
  mnistDataset,
  createSyntheticImageDataset(),
  createSyntheticTextDataset(),
  createSyntheticAudioDataset(),
  // Real and generated data; neither reads nor generates anything until its first load().
  spamAssassinDataset,
  speechCommandsSynthDataset,
]) {
  sources.set(source.name, source);
}

/**
 * Describes every registered dataset, in registration order (built-ins first).
 *
 * @example
 * listDatasets().map((info) => info.name);
 * // ['mnist', 'synthetic-image', 'synthetic-text', 'synthetic-audio', 'spam-assassin', 'speech-commands-synth']
 */
export function listDatasets(): DatasetInfo[] {
  return [...sources.values()].map((source) => source.describe());
}

/**
 * The dataset registered under `name`. Throws an Error naming every available
 * dataset when there is none, so a mistyped CLI flag shows the valid choices.
 *
 * @example
 * const dataset = await getDataset('mnist').load({ role: 'source', seed: 1 });
 */
export function getDataset(name: string): DatasetSource {
  const source = sources.get(name);
  if (!source) {
    throw new Error(`unknown dataset ${JSON.stringify(name)}; available: ${[...sources.keys()].join(', ')}`);
  }
  return source;
}

/** Options for {@link registerDataset}. */
export interface RegisterDatasetOptions {
  /** Replace a source already registered under the same name instead of throwing. */
  replace?: boolean;
}

/**
 * Adds a dataset source to the registry. Throws if the name is taken (unless
 * `replace`), because silently shadowing e.g. `mnist` would change what every
 * later run trains on.
 *
 * @example
 * registerDataset(createSyntheticImageDataset({ name: 'synthetic-image-tiny', examplesPerClass: 5 }));
 * getDataset('synthetic-image-tiny');
 */
export function registerDataset(source: DatasetSource, options: RegisterDatasetOptions = {}): void {
  const { name } = source;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error('a dataset source needs a non-empty name');
  }
  const described = source.describe().name;
  if (described !== name) {
    throw new Error(`dataset source "${name}" describes itself as "${described}"`);
  }
  if (sources.has(name) && !options.replace) {
    throw new Error(`dataset "${name}" is already registered; pass { replace: true } to replace it`);
  }
  sources.set(name, source);
}

/**
 * Removes a dataset from the registry; returns whether it was there. Mostly for
 * tests that register temporary sources.
 *
 * @example
 * unregisterDataset('synthetic-image-tiny'); // true
 */
export function unregisterDataset(name: string): boolean {
  return sources.delete(name);
}
