/**
 * Shows what a quality profile does to a dataset: the first training examples
 * before and after it, as a PNG grid for images and audio frames, or as a
 * side-by-side text diff for text.
 */
import type {
  DatasetInfo,
  DatasetRole,
  DatasetSource,
  LabelledExamples,
  LoadDatasetOptions,
} from '../datasets/dataset.js';
import { applyQuality } from '../datasets/degrade.js';
import { PAD_TOKEN_ID } from '../datasets/quality/text-typos.js';
import { describeQuality, type QualitySpec } from '../datasets/quality-spec.js';
import { textHooksOf } from '../datasets/source-hooks.js';
import { renderGridPreview } from './grid-preview.js';
import { renderTextPreview } from './text-preview.js';

export interface PreviewQualityOptions {
  source: DatasetSource;
  quality: QualitySpec;
  /** Examples to show (default 8). */
  count?: number;
  /** Seed of the data split (default 0). */
  seed?: number;
  /** Default `target`, the role profiles degrade for fine-tuning. */
  role?: DatasetRole;
}

interface PreviewCommon {
  /** Examples shown. */
  shown: number;
  /** Of those, how many labels the profile changed. */
  flippedShown: number;
  /** One line saying what is shown. */
  summary: string;
}

export type QualityPreview =
  | (PreviewCommon & { kind: 'png'; png: Buffer; width: number; height: number })
  | (PreviewCommon & { kind: 'text'; text: string });

export const DEFAULT_PREVIEW_COUNT = 8;

/**
 * Applies `quality` to `source` and renders the first `count` training
 * examples before and after.
 *
 * @example
 * const preview = await previewQuality({ source: mnistDataset, quality: { corruption: { kind: 'pixelate', severity: 5 }, seed: 1 } });
 * if (preview.kind === 'png') await writeFile('pixelate.png', preview.png);
 */
export async function previewQuality(options: PreviewQualityOptions): Promise<QualityPreview> {
  const count = options.count ?? DEFAULT_PREVIEW_COUNT;
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count must be ≥ 1, got ${count}`);
  const role = options.role ?? 'target';
  const loadOptions = { role, seed: options.seed ?? 0 };
  const { clean, degraded, trainRows, trainTexts } = await applyQuality(
    options.source,
    options.quality,
    loadOptions,
  );
  const { info } = degraded;
  const shown = Math.min(count, degraded.train.count);
  if (shown === 0) throw new RangeError(`the profile leaves no training examples of "${info.name}" to show`);
  const size = info.inputShape.reduce((a, b) => a * b, 1);
  const row = (examples: LabelledExamples, r: number) => examples.inputs.subarray(r * size, (r + 1) * size);
  const rows = Array.from({ length: shown }, (_, i) => ({
    before: row(clean.train, trainRows[i]),
    after: row(degraded.train, i),
    trueLabel: info.classNames[degraded.train.cleanLabels[i]],
    givenLabel: info.classNames[degraded.train.labels[i]],
  }));
  const flippedShown = rows.filter((r) => r.trueLabel !== r.givenLabel).length;
  const quality = describeQuality(options.quality);
  const noise = options.quality.labelNoise
    ? `; labels changed in ${flippedShown} of ${shown} shown, ` +
      `${((degraded.realisedNoiseRate ?? 0) * 100).toFixed(1)} % of all ${degraded.train.count}`
    : '';
  const summary = `${shown} ${info.name} ${role} training examples before and after: ${quality}${noise}`;
  const title = `${info.name}: ${quality}`;

  if (info.modality === 'TEXT') {
    const texts = trainTexts ?? (await cleanTexts(options.source, loadOptions, trainRows));
    const ids = (values: Float32Array | Int32Array) =>
      Array.from(values)
        .filter((id) => id !== PAD_TOKEN_ID)
        .join(' ');
    const text = renderTextPreview({
      title: `${title}${texts ? '' : ' (token ids: the dataset has no raw text)'}`,
      pairs: rows.map((r, i) => ({
        ...r,
        before: texts ? texts.clean[i] : ids(r.before),
        after: texts ? texts.degraded[i] : ids(r.after),
      })),
    });
    return { kind: 'text', text, shown, flippedShown, summary };
  }
  const grid = renderGridPreview({
    title,
    modality: info.modality,
    inputShape: info.inputShape,
    pairs: rows.map((r) => ({ ...r, before: r.before as Float32Array, after: r.after as Float32Array })),
  });
  return { kind: 'png', ...grid, shown, flippedShown, summary };
}

/** The raw training texts, unchanged, for a profile that did not touch them (label noise). */
async function cleanTexts(
  source: DatasetSource,
  options: LoadDatasetOptions,
  trainRows: number[],
): Promise<{ clean: string[]; degraded: string[] } | undefined> {
  const hooks = textHooksOf(source);
  if (!hooks) return undefined;
  const { train } = await hooks.loadTexts(options);
  const texts = trainRows.map((row) => train[row]);
  return { clean: texts, degraded: texts };
}

/** The modality a preview of `info` takes: PNG for images and audio, text for text. */
export function previewFormat(info: DatasetInfo): 'png' | 'text' {
  return info.modality === 'TEXT' ? 'text' : 'png';
}
