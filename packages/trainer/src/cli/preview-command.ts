/**
 * `driftboard-train preview`: what a quality profile does to a dataset, as a
 * PNG of examples before and after (images, audio frames) or a side-by-side
 * text diff on stdout (text; also written when `--out` ends in `.txt`).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetSource } from '../datasets/dataset.js';
import { InvalidQualitySpecError } from '../datasets/quality-spec.js';
import { getDataset } from '../datasets/registry.js';
import { DEFAULT_PREVIEW_COUNT, previewFormat, previewQuality } from '../preview/preview-quality.js';
import { CliUsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { requiredString, stringOption, wholeNumberOption, type ParsedArgs } from './parse-args.js';
import { readQualityOption } from './quality-option.js';

/** The most examples one preview shows. */
export const MAX_PREVIEW_COUNT = 64;

export async function runPreview(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const name = requiredString(parsed, 'dataset');
  let source: DatasetSource;
  try {
    source = getDataset(name);
  } catch (error) {
    throw new CliUsageError(`--dataset: ${(error as Error).message}`);
  }
  const quality = await readQualityOption(parsed, source);
  if (!quality) throw new CliUsageError('--quality is required');
  const count = wholeNumberOption(parsed, 'count', 1) ?? DEFAULT_PREVIEW_COUNT;
  if (count > MAX_PREVIEW_COUNT) {
    throw new CliUsageError(`--count must be at most ${MAX_PREVIEW_COUNT}; got ${count}`);
  }
  const seed = wholeNumberOption(parsed, 'seed', 0) ?? 0;
  const out = stringOption(parsed, 'out');
  const format = previewFormat(source.describe());
  const extension = format === 'png' ? '.png' : '.txt';
  if (format === 'png' && out === undefined) {
    throw new CliUsageError(`--out FILE.png is required: "${name}" previews are images`);
  }
  if (out !== undefined && path.extname(out).toLowerCase() !== extension) {
    throw new CliUsageError(
      `--out must end in ${extension} for "${name}" (${source.describe().modality}); got ${JSON.stringify(out)}`,
    );
  }

  let preview;
  try {
    preview = await previewQuality({ source, quality, count, seed });
  } catch (error) {
    if (error instanceof InvalidQualitySpecError || error instanceof RangeError) {
      throw new CliUsageError(error.message);
    }
    throw error;
  }
  if (preview.kind === 'text') {
    io.stdout.write(preview.text);
    if (out !== undefined) {
      await writeFile(out, preview.text);
      io.stdout.write(`wrote ${out}\n`);
    }
    return 0;
  }
  await writeFile(out!, preview.png);
  io.stdout.write(`wrote ${out} (${preview.width}×${preview.height}): ${preview.summary}\n`);
  return 0;
}

async function writeFile(file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, data);
}
