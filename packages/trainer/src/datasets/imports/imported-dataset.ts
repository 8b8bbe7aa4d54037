/**
 * An imported dataset on disk — one folder under `<cache>/imports/<name>/` —
 * and the {@link DatasetSource} that serves it.
 *
 * Folder layout: `dataset.json` (the manifest below), `inputs.f32` or
 * `inputs.i32` (count × exampleSize, little-endian), `labels.i32`, and for
 * the raw-input hooks `texts.json` (TEXT) or `clips.i16` (AUDIO: count ×
 * 16,000 16-bit samples).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { int16ToFloat } from '../audio/signal.js';
import {
  normaliseFeatures,
  SPEECH_CLIP_SAMPLES,
  SPEECH_SAMPLE_RATE,
  speechMfcc,
  type FeatureNormalisation,
} from '../audio/speech-features.js';
import type {
  DatasetInfo,
  DatasetRole,
  DatasetSource,
  LoadDatasetOptions,
  MaterialisedDataset,
} from '../dataset.js';
import { materialiseRole, resolveLoadOptions, splitRole } from '../materialise.js';
import type { AudioSourceHooks, RawSplits, TextSourceHooks } from '../source-hooks.js';
import { TextTokenizer, type TextTokenizerJson } from '../text-tokenizer.js';

/** Import formats. `csv`/`jsonl` hold features or text plus a label; folders hold one sub-folder per class. */
export type ImportFormat = 'csv' | 'jsonl' | 'png-folder' | 'wav-folder';

export const IMPORT_MANIFEST_FILE = 'dataset.json';
export const IMPORT_MANIFEST_FORMAT = 1;

/** dataset.json of an imported dataset. */
export interface ImportManifest {
  format: number;
  origin: 'IMPORTED';
  info: DatasetInfo;
  importFormat: ImportFormat;
  /** Absolute path of what was imported. */
  importedFrom: string;
  importedAt: string;
  count: number;
  /** idsByRole[role][class]: rows, in input order. */
  idsByRole: Record<DatasetRole, number[][]>;
  /** Where each row came from: `data.csv line 2`, `images/cat/001.png`. */
  origins: string[];
  /** TEXT: the tokenizer the ids were made with (vocabulary from the source role). */
  tokenizer?: TextTokenizerJson;
  /** AUDIO from WAV files: the MFCC standardisation (from the source role). */
  normalisation?: FeatureNormalisation;
}

/** Binary file names in the folder. */
export const IMPORT_FILES = {
  inputsFloat: 'inputs.f32',
  inputsInt: 'inputs.i32',
  labels: 'labels.i32',
  texts: 'texts.json',
  clips: 'clips.i16',
} as const;

/** An imported dataset's source, with the raw-input hooks its modality allows. */
export interface ImportedDatasetSource extends DatasetSource {
  readonly text?: TextSourceHooks;
  readonly audio?: AudioSourceHooks;
}

/** A successful import (or a reopened one). */
export interface ImportedDataset {
  source: ImportedDatasetSource;
  /** The dataset's cache folder. */
  folder: string;
  manifest: ImportManifest;
}

/** What {@link createImportedSource} serves from. Raw texts and clips are read lazily when absent. */
export interface ImportedData {
  manifest: ImportManifest;
  inputs: Float32Array | Int32Array;
  labels: Int32Array;
  texts?: string[];
  clips?: Int16Array;
}

function exampleSize(info: DatasetInfo): number {
  return info.inputShape.reduce((a, b) => a * b, 1);
}

/** The source over an imported dataset's data (already in memory, or its folder for lazy parts). */
export function createImportedSource(folder: string, data: ImportedData): ImportedDatasetSource {
  const { manifest, inputs, labels } = data;
  const info = manifest.info;
  const pool = { inputs, labels, exampleSize: exampleSize(info) };
  const describe = (): DatasetInfo => ({
    ...info,
    inputShape: [...info.inputShape],
    classNames: [...info.classNames],
  });
  const split = <T>(options: LoadDatasetOptions, item: (id: number) => T): RawSplits<T> => {
    const { role } = resolveLoadOptions(options);
    const ids = splitRole(manifest.idsByRole[role], options);
    return { train: ids.train.map(item), validation: ids.validation.map(item), probe: ids.probe.map(item) };
  };

  let texts: Promise<string[]> | undefined = data.texts ? Promise.resolve(data.texts) : undefined;
  const loadTexts = () =>
    (texts ??= readFile(path.join(folder, IMPORT_FILES.texts), 'utf8').then(
      (json) => JSON.parse(json) as string[],
    ));
  let clips: Promise<Int16Array> | undefined = data.clips ? Promise.resolve(data.clips) : undefined;
  const loadClips = () =>
    (clips ??= readFile(path.join(folder, IMPORT_FILES.clips)).then(
      (buffer) => new Int16Array(Uint8Array.from(buffer).buffer),
    ));

  const source: ImportedDatasetSource = {
    name: info.name,
    // A re-import under the same name is other data.
    fingerprint: `${info.name}@imported-${manifest.importedAt}`,
    describe,
    async load(options: LoadDatasetOptions): Promise<MaterialisedDataset> {
      const { role } = resolveLoadOptions(options);
      return materialiseRole(pool, manifest.idsByRole[role], describe(), options);
    },
    ...(manifest.tokenizer
      ? {
          text: {
            loadTokenizer: async () => TextTokenizer.fromJSON(manifest.tokenizer as TextTokenizerJson),
            async loadTexts(options: LoadDatasetOptions) {
              const all = await loadTexts();
              return split(options, (id) => all[id]);
            },
          },
        }
      : {}),
    ...(manifest.normalisation
      ? {
          audio: {
            sampleRate: SPEECH_SAMPLE_RATE,
            async loadWaveforms(options: LoadDatasetOptions) {
              const all = await loadClips();
              return split(options, (id) =>
                int16ToFloat(all.subarray(id * SPEECH_CLIP_SAMPLES, (id + 1) * SPEECH_CLIP_SAMPLES)),
              );
            },
            async loadFeaturizer() {
              const normalisation = manifest.normalisation as FeatureNormalisation;
              return (clip: Float32Array) => normaliseFeatures(speechMfcc(clip), normalisation);
            },
          },
        }
      : {}),
  };
  return source;
}

/**
 * Reopens an imported dataset from its folder (e.g. after a restart).
 *
 * @example
 * const { source } = await openImportedDataset('/data/cache/imports/my-digits');
 * registerDataset(source);
 */
export async function openImportedDataset(folder: string): Promise<ImportedDataset> {
  const manifestPath = path.join(folder, IMPORT_MANIFEST_FILE);
  let manifest: ImportManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ImportManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${folder} is not an imported dataset (no ${IMPORT_MANIFEST_FILE})`, { cause: error });
    }
    throw error;
  }
  if (manifest.format !== IMPORT_MANIFEST_FORMAT || manifest.origin !== 'IMPORTED') {
    throw new Error(`${manifestPath}: not an import manifest of format ${IMPORT_MANIFEST_FORMAT}`);
  }
  const int = manifest.info.inputDtype === 'int32';
  const inputBytes = await readFile(
    path.join(folder, int ? IMPORT_FILES.inputsInt : IMPORT_FILES.inputsFloat),
  );
  const labelBytes = await readFile(path.join(folder, IMPORT_FILES.labels));
  // Copy into fresh (aligned) buffers.
  const inputBuffer = Uint8Array.from(inputBytes).buffer;
  const inputs = int ? new Int32Array(inputBuffer) : new Float32Array(inputBuffer);
  const labels = new Int32Array(Uint8Array.from(labelBytes).buffer);
  if (labels.length !== manifest.count || inputs.length !== manifest.count * exampleSize(manifest.info)) {
    throw new Error(
      `${folder}: the data files do not match ${IMPORT_MANIFEST_FILE} (${manifest.count} examples)`,
    );
  }
  return { source: createImportedSource(folder, { manifest, inputs, labels }), folder, manifest };
}
