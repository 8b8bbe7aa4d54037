/**
 * Imports a user's data as a dataset: a CSV or JSONL table (numeric features
 * or a text column, plus a label column), or a folder of PNG images or WAV
 * files with one sub-folder per class.
 *
 * Every file is read and checked before anything is written; bad files are
 * reported by name (and line, for tables) all at once in a
 * {@link DatasetImportError}. The dataset is then written to a temporary
 * folder and renamed to `<cache>/imports/<name>/`, so an import succeeds
 * whole or changes nothing.
 *
 * What each input becomes (the contract has IMAGE, TEXT and AUDIO only):
 * - text column → TEXT: int32 token ids [sequenceLength] (default 128) with a
 *   vocabulary of the source role's 5,000 most frequent tokens;
 * - numeric columns → float32 features reshaped to `inputShape`: 3 dims
 *   [h, w, c] → IMAGE (a CSV of flattened pixels), 2 dims [steps, features] →
 *   AUDIO (a sequence for the `lstm` architecture); the default [1, d] is a
 *   one-step sequence, which the `lstm` model takes as a plain feature vector;
 * - PNG folder → IMAGE [h, w, 1 or 3] in [0, 1] (gray when every pixel has
 *   R = G = B; alpha over black), resized to `imageSize` or else the most
 *   common size;
 * - WAV folder → AUDIO [49, 13] MFCC frames of one-second 16 kHz clips
 *   (resampled, mixed to mono, centred and zero-padded or centre-cropped),
 *   standardised with the source role's statistics.
 *
 * Roles: a table's `roleColumn` (values `source` / `target`) or a folder
 * holding exactly `source/` and `target/` (each with class sub-folders) sets
 * them; otherwise each class is halved in input order (sorted file names for
 * folders): the first ⌊n/2⌋ examples are source, the rest target, as MNIST.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fitToLength, int16ToFloat, quantiseInt16, resample } from '../audio/signal.js';
import {
  featureNormalisation,
  normaliseFeatures,
  SPEECH_CLIP_SAMPLES,
  SPEECH_COEFFICIENTS,
  SPEECH_FEATURE_SIZE,
  SPEECH_FRAMES,
  SPEECH_SAMPLE_RATE,
  speechMfcc,
} from '../audio/speech-features.js';
import { decodeWav } from '../audio/wav.js';
import { datasetCacheDir, writeFolderAtomically } from '../cache-dir.js';
import type { DatasetInfo, DatasetRole, Modality } from '../dataset.js';
import { TextTokenizer, Vocabulary, tokenize } from '../text-tokenizer.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { decodePng, isGrayscale, resizePixels, toFloatPixels, type RgbaImage } from './images.js';
import { DatasetImportError, ProblemList } from './import-errors.js';
import {
  createImportedSource,
  IMPORT_FILES,
  IMPORT_MANIFEST_FILE,
  IMPORT_MANIFEST_FORMAT,
  type ImportedDataset,
  type ImportFormat,
  type ImportManifest,
} from './imported-dataset.js';

/** Options for {@link importDataset}. */
export interface ImportDatasetOptions {
  /** The dataset's name: letters, digits, `.`, `_`, `-` (1–64 characters, starting with a letter or digit). */
  name: string;
  /** Default: by extension (`.csv`, `.tsv` → csv; `.jsonl`, `.ndjson` → jsonl), or for a folder by its files. */
  format?: ImportFormat;
  /** Tables: the label column or key (default `label`). */
  labelColumn?: string;
  /** Tables: a text column makes a TEXT dataset (default: a column named `text`, if any). */
  textColumn?: string;
  /** Tables: a column of `source` / `target` that assigns the roles. */
  roleColumn?: string;
  /** CSV field separator (default `,`, or a tab for `.tsv`). */
  delimiter?: string;
  /** Feature tables: the shape of one example (default [1, d]); see the module comment. */
  inputShape?: number[];
  /** TEXT: tokens per example (default 128). */
  sequenceLength?: number;
  /** TEXT: vocabulary tokens besides `<pad>` and `<oov>` (default 5,000). */
  maxTokens?: number;
  /** PNG: [height, width] every image is resized to (default: the most common size). */
  imageSize?: [number, number];
  /** Parent of the `imports/` folder (default `datasetCacheDir()`). */
  cacheDir?: string;
  /** Replace an earlier import of the same name (default: refuse). */
  replace?: boolean;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The folder an import named `name` lives in. */
export function importFolder(name: string, cacheDir: string = datasetCacheDir()): string {
  if (!NAME_PATTERN.test(name)) {
    throw new DatasetImportError(
      `dataset name ${JSON.stringify(name)} must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return path.join(cacheDir, 'imports', name);
}

/** Common to every collected example. */
interface Collected {
  label: string;
  role?: DatasetRole;
  /** `data.csv line 2`, `images/cat/001.png`. */
  origin: string;
}

type Collection =
  | { kind: 'text'; examples: (Collected & { text: string })[] }
  | { kind: 'features'; width: number; examples: (Collected & { values: Float32Array })[] }
  | { kind: 'image'; examples: (Collected & { image: RgbaImage })[] }
  | { kind: 'audio'; examples: (Collected & { clip: Int16Array })[] };

/**
 * Imports `inputPath` as dataset `options.name` (see the module comment for
 * formats and decisions) and returns its source (not registered: pass it to
 * `registerDataset`) and cache folder. Throws a {@link DatasetImportError}
 * listing every bad file and line, having written nothing.
 *
 * @example
 * const { source } = await importDataset('reviews.csv', { name: 'reviews', textColumn: 'body', labelColumn: 'stars' });
 * const { source: digits } = await importDataset('digits/', { name: 'my-digits' }); // digits/0/*.png … digits/9/*.png
 */
export async function importDataset(
  inputPath: string,
  options: ImportDatasetOptions,
): Promise<ImportedDataset> {
  const folder = importFolder(options.name, options.cacheDir ?? datasetCacheDir());
  const absolute = path.resolve(inputPath);
  if (!options.replace && (await exists(folder))) {
    throw new DatasetImportError(
      `dataset "${options.name}" is already imported (${folder}); choose another name or replace it`,
    );
  }
  let stats;
  try {
    stats = await stat(absolute);
  } catch {
    throw new DatasetImportError([{ file: inputPath, message: 'no such file or folder' }]);
  }
  const base = path.dirname(absolute);
  const display = (file: string) => path.relative(base, file).split(path.sep).join('/');
  const format =
    options.format ??
    (stats.isDirectory() ? await detectFolderFormat(absolute, display) : detectFileFormat(absolute));
  if (stats.isDirectory() !== format.endsWith('-folder')) {
    throw new DatasetImportError([
      {
        file: display(absolute),
        message: `format ${format} needs a ${format.endsWith('-folder') ? 'folder' : 'file'}`,
      },
    ]);
  }

  let collection: Collection;
  switch (format) {
    case 'csv':
    case 'jsonl':
      collection = await readTable(absolute, display(absolute), format, options);
      break;
    case 'png-folder':
    case 'wav-folder':
      collection = await readClassFolders(absolute, display, format === 'png-folder' ? 'png' : 'wav');
      break;
    default:
      throw new DatasetImportError(
        `unknown import format ${JSON.stringify(format)}; use csv, jsonl, png-folder or wav-folder`,
      );
  }

  const built = build(collection, options, format, absolute);
  const written = await writeFolderAtomically(
    folder,
    async (dir) => {
      const bytes = (array: ArrayBufferView) =>
        new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      const int = built.inputs instanceof Int32Array;
      await writeFile(
        path.join(dir, int ? IMPORT_FILES.inputsInt : IMPORT_FILES.inputsFloat),
        bytes(built.inputs),
      );
      await writeFile(path.join(dir, IMPORT_FILES.labels), bytes(built.labels));
      if (built.texts) await writeFile(path.join(dir, IMPORT_FILES.texts), JSON.stringify(built.texts));
      if (built.clips) await writeFile(path.join(dir, IMPORT_FILES.clips), bytes(built.clips));
      // The manifest last: a folder with a manifest is complete.
      await writeFile(path.join(dir, IMPORT_MANIFEST_FILE), JSON.stringify(built.manifest, null, 1));
    },
    { replace: options.replace },
  );
  if (!written) {
    throw new DatasetImportError(
      `dataset "${options.name}" was imported by someone else meanwhile (${folder})`,
    );
  }
  return { source: createImportedSource(folder, built), folder, manifest: built.manifest };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function detectFileFormat(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new DatasetImportError([
    {
      file: path.basename(file),
      message: 'cannot tell the format from the extension; pass format (csv or jsonl)',
    },
  ]);
}

async function detectFolderFormat(root: string, display: (file: string) => string): Promise<ImportFormat> {
  const counts = { png: 0, wav: 0 };
  const walk = async (dir: string, depth: number) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory() && depth < 2) await walk(path.join(dir, entry.name), depth + 1);
      const ext = path.extname(entry.name).toLowerCase();
      if (entry.isFile() && (ext === '.png' || ext === '.wav')) counts[ext === '.png' ? 'png' : 'wav']++;
    }
  };
  await walk(root, 0);
  if (counts.png === 0 && counts.wav === 0) {
    throw new DatasetImportError([
      { file: display(root), message: 'no .png or .wav files in class sub-folders' },
    ]);
  }
  return counts.png >= counts.wav ? 'png-folder' : 'wav-folder';
}

// ---------------------------------------------------------------------------------------------
// Tables

interface TableRow {
  line: number;
  /** Column → value; a JSONL value may be any JSON. */
  get(column: string): unknown;
  has(column: string): boolean;
}

async function readTable(
  file: string,
  name: string,
  format: 'csv' | 'jsonl',
  options: ImportDatasetOptions,
): Promise<Collection> {
  const problems = new ProblemList();
  const text = await readFile(file, 'utf8');
  const rows: TableRow[] = [];
  let columns: string[] = [];
  if (format === 'csv') {
    const delimiter = options.delimiter ?? (path.extname(file).toLowerCase() === '.tsv' ? '\t' : ',');
    let records;
    try {
      records = parseCsv(text, delimiter);
    } catch (error) {
      if (error instanceof CsvSyntaxError)
        throw new DatasetImportError([{ file: name, line: error.line, message: error.message }]);
      throw error;
    }
    if (records.length === 0) throw new DatasetImportError([{ file: name, message: 'the file is empty' }]);
    const header = records[0];
    columns = header.fields.map((field) => field.trim());
    const seen = new Set<string>();
    for (const column of columns) {
      if (column === '') problems.add(name, 'a header column has no name', header.line);
      else if (seen.has(column))
        problems.add(name, `column "${column}" appears twice in the header`, header.line);
      seen.add(column);
    }
    problems.throwIfAny();
    const index = new Map(columns.map((column, i) => [column, i]));
    for (const record of records.slice(1)) {
      if (record.fields.length !== columns.length) {
        problems.add(name, `expected ${columns.length} fields, got ${record.fields.length}`, record.line);
        continue;
      }
      rows.push({
        line: record.line,
        get: (column) => record.fields[index.get(column) ?? -1],
        has: (column) => index.has(column),
      });
    }
  } else {
    const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
    lines.forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        problems.add(name, `not valid JSON (${(error as Error).message})`, i + 1);
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.add(name, 'expected a JSON object', i + 1);
        return;
      }
      const object = value as Record<string, unknown>;
      if (columns.length === 0) columns = Object.keys(object);
      rows.push({
        line: i + 1,
        get: (column) => object[column],
        has: (column) => Object.prototype.hasOwnProperty.call(object, column),
      });
    });
  }
  if (rows.length === 0 && problems.count === 0) problems.add(name, 'no data rows');
  // Rows of the wrong width are reported with the rest below; without rows there is nothing more to check.
  if (rows.length === 0) problems.throwIfAny();

  const labelColumn = options.labelColumn ?? 'label';
  const textColumn =
    options.textColumn ?? (columns.includes('text') && labelColumn !== 'text' ? 'text' : undefined);
  const roleColumn = options.roleColumn;
  const headerLine = format === 'csv' ? 1 : rows[0].line;
  const what = format === 'csv' ? 'column' : 'key';
  for (const [role, column] of [
    ['label', labelColumn],
    ['text', textColumn],
    ['role', roleColumn],
  ] as const) {
    if (column !== undefined && !columns.includes(column)) {
      problems.add(name, `no ${role} ${what} "${column}" (${what}s: ${columns.join(', ')})`, headerLine);
    }
  }
  const featureColumns = columns.filter((c) => c !== labelColumn && c !== roleColumn && c !== textColumn);
  if (!textColumn && featureColumns.length === 0) {
    problems.add(name, `no feature ${what}s besides the label (or pass textColumn)`, headerLine);
  }
  if (problems.problems.some((problem) => problem.line === headerLine)) problems.throwIfAny();

  const common = (row: TableRow): Collected | undefined => {
    const origin = `${name} line ${row.line}`;
    const rawLabel = row.get(labelColumn);
    const label = typeof rawLabel === 'string' ? rawLabel.trim() : rawLabel;
    if (label === undefined || label === null || label === '') {
      problems.add(name, `label ${what} "${labelColumn}" is empty`, row.line);
      return undefined;
    }
    if (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean') {
      problems.add(name, `label ${what} "${labelColumn}" must be a string or number`, row.line);
      return undefined;
    }
    let role: DatasetRole | undefined;
    if (roleColumn !== undefined) {
      const value = String(row.get(roleColumn) ?? '').trim();
      if (value !== 'source' && value !== 'target') {
        problems.add(
          name,
          `role ${what} "${roleColumn}" must be "source" or "target", got ${JSON.stringify(value)}`,
          row.line,
        );
        return undefined;
      }
      role = value;
    }
    return { label: String(label), origin, ...(role ? { role } : {}) };
  };

  if (textColumn) {
    const examples: (Collected & { text: string })[] = [];
    for (const row of rows) {
      const base = common(row);
      const value = row.get(textColumn);
      if (format === 'jsonl' && typeof value !== 'string') {
        problems.add(name, `text key "${textColumn}" must be a string`, row.line);
        continue;
      }
      if (base) examples.push({ ...base, text: String(value) });
    }
    problems.throwIfAny();
    return { kind: 'text', examples };
  }

  const examples: (Collected & { values: Float32Array })[] = [];
  let width: number | undefined;
  for (const row of rows) {
    const base = common(row);
    const values: number[] = [];
    let ok = true;
    for (const column of featureColumns) {
      if (!row.has(column)) {
        problems.add(name, `${what} "${column}" is missing`, row.line);
        ok = false;
        continue;
      }
      const value = row.get(column);
      if (format === 'csv') {
        const field = String(value).trim();
        const number = Number(field);
        if (field === '') problems.add(name, `column "${column}" is empty`, row.line);
        else if (!Number.isFinite(number))
          problems.add(name, `column "${column}" is not a number: ${JSON.stringify(field)}`, row.line);
        else {
          values.push(number);
          continue;
        }
        ok = false;
      } else if (!appendNumbers(value, values)) {
        problems.add(name, `key "${column}" must be a number or an array of numbers`, row.line);
        ok = false;
      }
    }
    if (!ok || !base) continue;
    width ??= values.length;
    if (values.length !== width) {
      problems.add(name, `expected ${width} feature values, got ${values.length}`, row.line);
      continue;
    }
    examples.push({ ...base, values: Float32Array.from(values) });
  }
  problems.throwIfAny();
  return { kind: 'features', width: width ?? 0, examples };
}

/** Appends a number or a (nested) array of finite numbers; false for anything else. */
function appendNumbers(value: unknown, out: number[]): boolean {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    out.push(value);
    return true;
  }
  return Array.isArray(value) && value.every((item) => appendNumbers(item, out));
}

// ---------------------------------------------------------------------------------------------
// Folders

async function readClassFolders(
  root: string,
  display: (file: string) => string,
  kind: 'png' | 'wav',
): Promise<Collection> {
  const problems = new ProblemList();
  const visible = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => !entry.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const top = await visible(root);
  const topDirs = top.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const byRole = topDirs.length === 2 && topDirs.includes('source') && topDirs.includes('target');
  const classDirs: { dir: string; label: string; role?: DatasetRole }[] = [];
  const strayFiles = (entries: typeof top, dir: string) => {
    for (const entry of entries) {
      if (!entry.isDirectory())
        problems.add(display(path.join(dir, entry.name)), 'not inside a class folder');
    }
  };
  strayFiles(top, root);
  if (byRole) {
    for (const role of ['source', 'target'] as const) {
      const roleDir = path.join(root, role);
      const entries = await visible(roleDir);
      strayFiles(entries, roleDir);
      for (const entry of entries) {
        if (entry.isDirectory())
          classDirs.push({ dir: path.join(roleDir, entry.name), label: entry.name, role });
      }
    }
  } else {
    for (const name of topDirs) classDirs.push({ dir: path.join(root, name), label: name });
  }
  if (classDirs.length === 0) problems.add(display(root), `no class sub-folders of .${kind} files`);

  const examples: (Collected & { image?: RgbaImage; clip?: Int16Array })[] = [];
  for (const { dir, label, role } of classDirs) {
    const entries = await visible(dir);
    let found = 0;
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      const shown = display(file);
      if (!entry.isFile()) {
        problems.add(shown, 'a class folder holds files, not folders');
        continue;
      }
      if (path.extname(entry.name).toLowerCase() !== `.${kind}`) {
        problems.add(shown, `not a .${kind} file`);
        continue;
      }
      found++;
      const bytes = await readFile(file);
      try {
        const base = { label, origin: shown, ...(role ? { role } : {}) };
        if (kind === 'png') examples.push({ ...base, image: decodePng(bytes) });
        else examples.push({ ...base, clip: wavToClip(bytes) });
      } catch (error) {
        problems.add(shown, (error as Error).message);
      }
    }
    if (found === 0 && entries.length === 0) problems.add(display(dir), `no .${kind} files`);
  }
  problems.throwIfAny();
  return kind === 'png'
    ? { kind: 'image', examples: examples as (Collected & { image: RgbaImage })[] }
    : { kind: 'audio', examples: examples as (Collected & { clip: Int16Array })[] };
}

/** A WAV file as a one-second 16 kHz 16-bit clip: mono, resampled, centred (padded or cropped). */
function wavToClip(bytes: Uint8Array): Int16Array {
  const wav = decodeWav(bytes);
  if (wav.samples.length === 0) throw new Error('the WAV file holds no samples');
  for (const sample of wav.samples)
    if (!Number.isFinite(sample)) throw new Error('the WAV file holds non-finite samples');
  const at16k = resample(wav.samples, wav.sampleRate, SPEECH_SAMPLE_RATE);
  const offset = Math.floor((SPEECH_CLIP_SAMPLES - at16k.length) / 2);
  return quantiseInt16(fitToLength(at16k, SPEECH_CLIP_SAMPLES, offset));
}

// ---------------------------------------------------------------------------------------------
// Assembling the dataset

interface Built {
  manifest: ImportManifest;
  inputs: Float32Array | Int32Array;
  labels: Int32Array;
  texts?: string[];
  clips?: Int16Array;
}

function sortLabels(labels: string[]): string[] {
  const numeric = labels.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  return [...labels].sort((a, b) => (numeric ? Number(a) - Number(b) : 0) || (a < b ? -1 : a > b ? 1 : 0));
}

function build(
  collection: Collection,
  options: ImportDatasetOptions,
  format: ImportFormat,
  from: string,
): Built {
  const examples: Collected[] = collection.examples;
  const problems = new ProblemList();
  const where = path.basename(from);
  const classNames = sortLabels([...new Set(examples.map((example) => example.label))]);
  if (classNames.length < 2) {
    problems.add(
      where,
      `needs at least 2 classes, found ${classNames.length}${classNames.length ? ` (${classNames[0]})` : ''}`,
    );
  }
  const classOf = new Map(classNames.map((label, i) => [label, i]));
  const idsByRole: Record<DatasetRole, number[][]> = {
    source: classNames.map(() => []),
    target: classNames.map(() => []),
  };
  const explicitRoles = examples.some((example) => example.role !== undefined);
  if (explicitRoles) {
    examples.forEach((example, row) =>
      idsByRole[example.role as DatasetRole][classOf.get(example.label) as number].push(row),
    );
    for (const role of ['source', 'target'] as const) {
      if (idsByRole[role].every((ids) => ids.length === 0))
        problems.add(where, `no examples for the ${role} role`);
    }
  } else {
    const rowsByClass = classNames.map(() => [] as number[]);
    examples.forEach((example, row) => rowsByClass[classOf.get(example.label) as number].push(row));
    rowsByClass.forEach((rows, cls) => {
      if (rows.length < 2) {
        problems.add(
          where,
          `class "${classNames[cls]}" has ${rows.length} example; each class needs at least 2 (one per role)`,
        );
      }
      const half = Math.floor(rows.length / 2);
      idsByRole.source[cls] = rows.slice(0, half);
      idsByRole.target[cls] = rows.slice(half);
    });
  }
  problems.throwIfAny();

  const count = examples.length;
  const labels = Int32Array.from(examples, (example) => classOf.get(example.label) as number);
  const sourceRows = idsByRole.source.flat();
  let modality: Modality;
  let inputShape: number[];
  let inputs: Float32Array | Int32Array;
  let extra: Partial<Built> = {};
  let manifestExtra: Partial<ImportManifest> = {};
  let vocabularySize: number | undefined;

  switch (collection.kind) {
    case 'text': {
      const texts = collection.examples.map((example) => example.text);
      const tokenizer = new TextTokenizer(
        Vocabulary.build(
          sourceRows.map((row) => tokenize(texts[row])),
          { maxTokens: options.maxTokens ?? 5000 },
        ),
        options.sequenceLength ?? 128,
      );
      modality = 'TEXT';
      inputShape = [tokenizer.sequenceLength];
      inputs = tokenizer.encodeAll(texts);
      vocabularySize = tokenizer.vocabularySize;
      extra = { texts };
      manifestExtra = { tokenizer: tokenizer.toJSON() };
      break;
    }
    case 'features': {
      const width = collection.width;
      inputShape = options.inputShape ? [...options.inputShape] : [1, width];
      const product = inputShape.reduce((a, b) => a * b, 1);
      if (!inputShape.every((d) => Number.isInteger(d) && d > 0) || product !== width) {
        throw new DatasetImportError(
          `inputShape [${inputShape.join(', ')}] does not hold the ${width} feature values of each row of ${where}`,
        );
      }
      if (inputShape.length !== 2 && inputShape.length !== 3) {
        throw new DatasetImportError(
          `inputShape must have 2 dims [steps, features] (AUDIO-like sequence) or 3 dims [height, width, channels] (IMAGE), got [${inputShape.join(', ')}]`,
        );
      }
      modality = inputShape.length === 3 ? 'IMAGE' : 'AUDIO';
      inputs = new Float32Array(count * width);
      collection.examples.forEach((example, row) => inputs.set(example.values, row * width));
      break;
    }
    case 'image': {
      const images = collection.examples.map((example) => example.image);
      const [height, width] = options.imageSize ?? mostCommonSize(images);
      if (!(Number.isInteger(height) && height > 0 && Number.isInteger(width) && width > 0)) {
        throw new DatasetImportError(
          `imageSize must be two positive integers, got [${options.imageSize?.join(', ')}]`,
        );
      }
      const channels: 1 | 3 = images.every(isGrayscale) ? 1 : 3;
      const size = height * width * channels;
      modality = 'IMAGE';
      inputShape = [height, width, channels];
      inputs = new Float32Array(count * size);
      images.forEach((image, row) => {
        const pixels = toFloatPixels(image, channels);
        inputs.set(resizePixels(pixels, image.height, image.width, channels, height, width), row * size);
      });
      break;
    }
    case 'audio': {
      const clips = new Int16Array(count * SPEECH_CLIP_SAMPLES);
      const raw = new Float32Array(count * SPEECH_FEATURE_SIZE);
      collection.examples.forEach((example, row) => {
        clips.set(example.clip, row * SPEECH_CLIP_SAMPLES);
        raw.set(speechMfcc(int16ToFloat(example.clip)), row * SPEECH_FEATURE_SIZE);
      });
      const normalisation = featureNormalisation(raw, sourceRows);
      modality = 'AUDIO';
      inputShape = [SPEECH_FRAMES, SPEECH_COEFFICIENTS];
      inputs = normaliseFeatures(raw, normalisation);
      extra = { clips };
      manifestExtra = { normalisation };
      break;
    }
  }

  const info: DatasetInfo = {
    name: options.name,
    modality,
    inputShape,
    inputDtype: inputs instanceof Int32Array ? 'int32' : 'float32',
    classNames,
    ...(vocabularySize !== undefined ? { vocabularySize } : {}),
    size: count,
  };
  const manifest: ImportManifest = {
    format: IMPORT_MANIFEST_FORMAT,
    origin: 'IMPORTED',
    info,
    importFormat: format,
    importedFrom: from,
    importedAt: new Date().toISOString(),
    count,
    idsByRole,
    origins: examples.map((example) => example.origin),
    ...manifestExtra,
  };
  return { manifest, inputs, labels, ...extra };
}

/** The [height, width] most images have (ties: the one seen first). */
function mostCommonSize(images: RgbaImage[]): [number, number] {
  const counts = new Map<string, number>();
  let best = '';
  for (const image of images) {
    const key = `${image.height}x${image.width}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (best === '' || count > (counts.get(best) ?? 0)) best = key;
  }
  const [height, width] = best.split('x').map(Number);
  return [height, width];
}
