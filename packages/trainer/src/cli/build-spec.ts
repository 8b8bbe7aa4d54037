/**
 * Turns checked command-line values into a TrainSpec, doing every check that
 * needs no model or backend first (names, numbers, files, the strategy JSON),
 * so a typo fails in milliseconds rather than after loading tfjs and the data.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { withQuality } from '../datasets/degrade.js';
import type { QualitySpec } from '../datasets/quality-spec.js';
import type { DatasetSource } from '../datasets/dataset.js';
import { importDataset } from '../datasets/imports/import-dataset.js';
import { IMPORT_MANIFEST_FILE, openImportedDataset } from '../datasets/imports/imported-dataset.js';
import { getDataset } from '../datasets/registry.js';
import { MODEL_JSON_FILE } from '../models/model-io.js';
import { ARCHITECTURE_NAMES, isArchitectureName } from '../models/model-manifest.js';
import { InvalidStrategyError, parseStrategy, STRATEGY_KINDS } from '../strategies/strategy-spec.js';
import type { TrainSpec } from '../training/train-spec.js';
import { CliUsageError } from './cli-error.js';
import {
  positiveNumberOption,
  requiredString,
  stringOption,
  wholeNumberOption,
  type ParsedArgs,
} from './parse-args.js';
import { readQualityOption } from './quality-option.js';

export interface CliRun {
  spec: TrainSpec;
  /** The strategy kind as given (`auto` resolves to another kind before training starts). */
  requestedKind: string;
  /** The `--quality` profile the dataset is degraded with. */
  quality?: QualitySpec;
}

/** `pretrain`: a `full` strategy on a fresh architecture, saved to `--out`. */
export async function pretrainSpec(parsed: ParsedArgs): Promise<CliRun> {
  const dataset = await datasetSource(parsed);
  const arch = requiredString(parsed, 'arch');
  if (!isArchitectureName(arch)) {
    throw new CliUsageError(
      `--arch must be one of ${ARCHITECTURE_NAMES.join(', ')}; got ${JSON.stringify(arch)}`,
    );
  }
  const epochs = wholeNumberOption(parsed, 'epochs', 1);
  const batchSize = wholeNumberOption(parsed, 'batch-size', 1);
  const learningRate = positiveNumberOption(parsed, 'lr');
  const common = commonOptions(parsed);
  const out = requiredString(parsed, 'out');
  await expectFolderOrNothing('out', out);
  const strategy = withoutUndefined({ kind: 'full', epochs, batchSize, learningRate });
  return {
    spec: { source: { architecture: arch }, dataset, strategy, saveTo: out, ...common },
    requestedKind: 'full',
  };
}

/** `finetune`: a saved model, a strategy from JSON text or a file, `--epochs` overriding its epochs. */
export async function finetuneSpec(parsed: ParsedArgs): Promise<CliRun> {
  const dataset = await datasetSource(parsed);
  const epochs = wholeNumberOption(parsed, 'epochs', 1);
  const common = commonOptions(parsed);
  const strategy = await readStrategy(requiredString(parsed, 'strategy'));
  if (epochs !== undefined && isObject(strategy)) strategy.epochs = epochs;
  let requestedKind: string;
  try {
    requestedKind = parseStrategy(strategy).kind;
  } catch (error) {
    if (error instanceof InvalidStrategyError) throw new CliUsageError(`--strategy: ${error.message}`);
    throw error;
  }
  const quality = await readQualityOption(parsed, dataset);
  const source = requiredString(parsed, 'source');
  await expectModelFolder(source);
  const checkpoint = stringOption(parsed, 'checkpoint');
  const save = stringOption(parsed, 'save');
  if (checkpoint !== undefined) await expectFolderOrNothing('checkpoint', checkpoint);
  if (save !== undefined) await expectFolderOrNothing('save', save);
  return {
    spec: {
      source: { path: source },
      dataset: quality ? withQuality(dataset, quality) : dataset,
      strategy,
      ...common,
      ...withoutUndefined({
        checkpoint: checkpoint === undefined ? undefined : { dir: checkpoint },
        saveTo: save,
        // What the profile declares is what `auto` goes by (as the server's worker does).
        evidence: quality?.labelNoise ? { labelNoiseRate: quality.labelNoise.rate } : undefined,
      }),
    },
    requestedKind,
    ...(quality ? { quality } : {}),
  };
}

/**
 * `--dataset NAME|PATH`: a registered dataset, a folder imported before
 * (it holds the import manifest), or a CSV/JSONL file or a folder of PNG or
 * WAV class folders to import now (named after the file or folder).
 */
async function datasetSource(parsed: ParsedArgs): Promise<DatasetSource> {
  const value = requiredString(parsed, 'dataset');
  try {
    return getDataset(value);
  } catch (unknownName) {
    if (!existsSync(value))
      throw new CliUsageError(`--dataset: ${(unknownName as Error).message}, or a path to import`);
  }
  try {
    if (existsSync(path.join(value, IMPORT_MANIFEST_FILE))) return (await openImportedDataset(value)).source;
    const name = path.basename(path.resolve(value)).replace(/\.(csv|jsonl?)$/i, '');
    return (await importDataset(value, { name, replace: true })).source;
  } catch (error) {
    // One line: the first problem (the import error lists them one per line).
    throw new CliUsageError(`--dataset ${value}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function commonOptions(parsed: ParsedArgs): Pick<TrainSpec, 'limit' | 'seed'> {
  return withoutUndefined({
    limit: wholeNumberOption(parsed, 'limit', 1),
    seed: wholeNumberOption(parsed, 'seed', 0),
  });
}

/**
 * SPEC is JSON text or a path to a JSON file. Text that parses is used as is;
 * otherwise it is read as a file, unless it plainly was meant as JSON.
 */
async function readStrategy(text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/^\s*[{["]/.test(text)) {
      throw new CliUsageError(`--strategy is not valid JSON or a readable file: ${(error as Error).message}`);
    }
  }
  let fileText: string;
  try {
    fileText = await fs.readFile(text, 'utf8');
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `no file named ${JSON.stringify(text)}`
        : (error as Error).message;
    const hint = (STRATEGY_KINDS as readonly string[]).includes(text)
      ? `; for a kind alone write '{"kind":"${text}"}'`
      : '';
    throw new CliUsageError(`--strategy is not valid JSON or a readable file: ${why}${hint}`);
  }
  try {
    return JSON.parse(fileText);
  } catch (error) {
    throw new CliUsageError(`--strategy file ${text} is not valid JSON: ${(error as Error).message}`);
  }
}

async function expectModelFolder(dir: string): Promise<void> {
  const found = await fs.stat(path.join(dir, MODEL_JSON_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );
  if (found) return;
  const folderExists = await isFolder(dir);
  throw new CliUsageError(
    `no ${MODEL_JSON_FILE} in ${dir}${folderExists ? '' : ' (the folder does not exist)'}; ` +
      '--source must be a folder written by `driftboard-train pretrain --out` or a TensorFlow.js LayersModel folder',
  );
}

/** An output folder may exist or not, but must not be a file: better now than after training. */
async function expectFolderOrNothing(option: string, dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (stat && !stat.isDirectory()) {
    throw new CliUsageError(`--${option} must be a folder, but ${dir} is a file`);
  }
}

async function isFolder(dir: string): Promise<boolean> {
  return fs.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options not given stay out of the spec, so the trainer's defaults apply and the run's fingerprint stays minimal. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
