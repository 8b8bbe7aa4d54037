/**
 * `--quality SPEC`: a quality profile as JSON text or a path to a JSON file,
 * checked against the dataset before anything slow happens.
 */
import { promises as fs } from 'node:fs';
import type { DatasetSource } from '../datasets/dataset.js';
import { checkQualityApplies } from '../datasets/degrade.js';
import {
  CONTRAST_FACTOR,
  GAUSSIAN_BLUR_SIGMA,
  GAUSSIAN_NOISE_SIGMA,
  PIXELATE_FACTOR,
} from '../datasets/quality/image-corruptions.js';
import {
  CORRUPTION_KINDS,
  InvalidQualitySpecError,
  LABEL_NOISE_KINDS,
  parseQualitySpec,
  type QualitySpec,
} from '../datasets/quality-spec.js';
import { CliUsageError } from './cli-error.js';
import { stringOption, type ParsedArgs } from './parse-args.js';

/**
 * The profile given with `--quality`, parsed and checked against `source`
 * (a corruption for another modality fails here); undefined when absent.
 */
export async function readQualityOption(
  parsed: ParsedArgs,
  source: DatasetSource,
): Promise<QualitySpec | undefined> {
  const text = stringOption(parsed, 'quality');
  if (text === undefined) return undefined;
  try {
    const spec = parseQualitySpec(await readJson(text));
    checkQualityApplies(source, spec);
    return spec;
  } catch (error) {
    if (error instanceof InvalidQualitySpecError) throw new CliUsageError(`--quality: ${error.message}`);
    throw error;
  }
}

async function readJson(text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/^\s*[{["]/.test(text)) {
      throw new CliUsageError(`--quality is not valid JSON or a readable file: ${(error as Error).message}`);
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
    throw new CliUsageError(`--quality is not valid JSON or a readable file: ${why}`);
  }
  try {
    return JSON.parse(fileText);
  } catch (error) {
    throw new CliUsageError(`--quality file ${text} is not valid JSON: ${(error as Error).message}`);
  }
}

const list = (values: readonly number[]) => values.join(' / ');

/** The profile fields for `help finetune` and `help preview`. */
export function qualityReference(): string[] {
  const fields = [
    ['labelNoise', `{"rate": 0..1, "kind": ${LABEL_NOISE_KINDS.join(' | ')}} (default symmetric)`],
    ['corruption', `{"kind": ${CORRUPTION_KINDS.join(' | ')}, …}`],
    ['  gaussian-noise', `"severity" 1-5: σ = ${list(GAUSSIAN_NOISE_SIGMA)} (images)`],
    ['  gaussian-blur', `"severity" 1-5: σ = ${list(GAUSSIAN_BLUR_SIGMA)} px (images)`],
    ['  contrast', `"severity" 1-5: c = ${list(CONTRAST_FACTOR)} (images)`],
    ['  pixelate', `"severity" 1-5: side × ${list(PIXELATE_FACTOR)}, then back (images)`],
    ['  typos', '"rate": keyboard-neighbour typos per character, (0, 1] (text)'],
    ['  additive-noise', '"snrDb": white noise at this signal-to-noise ratio (audio)'],
    ['  band-limit', '"sampleRate": keep what a recording at this many Hz holds (audio)'],
    ['sampleSize', 'keep this many training examples (few-shot)'],
    ['imbalance', 'largest / smallest training class, ≥ 1 (sizes decay geometrically)'],
    ['seed', 'seeds every random choice of the profile (default 0)'],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  return [
    `Quality profile (SPEC): a JSON object or a path to a JSON file, e.g.`,
    `  --quality '{"corruption":{"kind":"gaussian-noise","severity":5},"seed":1}'`,
    '',
    'Fields:',
    ...fields.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`),
  ];
}
