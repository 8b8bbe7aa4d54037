/**
 * The study's scenarios (see docs/study.md): image (a) label noise, (b) an
 * input-level shift, (c) target size × noise, LP-FT against plain fine-tuning,
 * text and audio. Each returns a report section; the numbers in its findings
 * come from the runs, and a difference is only claimed when it exceeds the
 * seeds' spread (`separated`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getDataset, withQuality, type ArchitectureName, type DatasetSource } from '../index.js';
import type { Rgb } from '../preview/raster.js';
import type { ArmDef, ArmResult, ScenarioId, ScenarioSetup, StudyContext } from './context.js';
import { barChart, BASELINE_SCRATCH, BASELINE_SOURCE, linePlot, PALETTE, scatterPlot } from './plots.js';
import {
  bestCell,
  ckaCell,
  formatRate,
  lastCell,
  listJoin,
  markdownTable,
  pairSentence,
  rankingSentence,
  rateCell,
  type Section,
} from './report.js';
import { runTraining, type RunRecord } from './runs.js';
import {
  formatPercent,
  formatPercentOne,
  formatPoints,
  formatStat,
  pairedPositive,
  separated,
  summarise,
  type Stat,
} from './stats.js';
import { digitSubset, invertImages, memoiseLoads, noisySpeech, perSeed, renameClasses } from './sources.js';

/** Where figures go and how the report links them. */
export interface Output {
  /** Folder of the PNGs (docs/study). */
  figureDir: string;
  /** How study.md refers to that folder (relative). */
  figureLink: string;
}

interface SourceModel {
  path: string;
  run: RunRecord;
  description: string;
}

export const IMAGE_LABEL_NOISE = 0.4;
export const TEXT_TYPO_RATE = 0.1;
export const TEXT_LABEL_NOISE = 0.2;
export const TEXT_DROPOUT = 0.3;
export const AUDIO_SNR_DB = 5;
export const AUDIO_BAND_LIMIT_HZ = 8000;

const SOURCE_DIGITS = [0, 1, 2, 3, 4];
const TARGET_DIGITS = [5, 6, 7, 8, 9];
const sourceDigits = digitSubset({ name: 'mnist-0-4', digits: SOURCE_DIGITS, rows: 'by-role' });
const targetDigits = digitSubset({ name: 'mnist-5-9', digits: TARGET_DIGITS, rows: 'all' });
const invertedDigits = invertImages(sourceDigits);

function withLabelNoise(base: DatasetSource, rate: number, seed: number): DatasetSource {
  return rate > 0 ? withQuality(base, { labelNoise: { rate, kind: 'symmetric' }, seed }) : base;
}

const arm = (def: Omit<ArmDef, 'kind'> & { kind?: ArmDef['kind'] }): ArmDef => ({ kind: 'strategy', ...def });

/** Learning-rate grids (Adam), by how much of the model a strategy tunes. */
const FULL_GRID = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];
const TOP_GRID = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];
const PROBE_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const SCRATCH_GRID = [3e-4, 1e-3, 3e-3, 1e-2];
/** Undoing an inversion in the first block means moving its weights a long way: larger rates. */
const SURGICAL_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const TEXT_GRID = [1e-4, 3e-4, 1e-3, 3e-3];
const TEXT_SCRATCH_GRID = [3e-4, 1e-3, 3e-3];
/** "Small" rates for full fine-tuning of the LSTM (the source was pretrained at 1e-3). */
const AUDIO_SMALL_GRID = [3e-5, 1e-4, 3e-4];
/** A probe on frozen LSTM features is still improving at 1e-1 after 8 epochs: one step further. */
const AUDIO_PROBE_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1];
const grid = (rates: readonly number[]) => rates.map(formatRate).join(', ');

/** Image (a): the arms, in table order. */
export const IMAGE_A_ARMS: readonly ArmDef[] = [
  arm({
    id: 'linear-probe',
    label: 'linear probe',
    strategy: { kind: 'linear-probe' },
    grid: PROBE_GRID,
    colour: BASELINE_SOURCE,
  }),
  arm({ id: 'scratch', label: 'scratch', kind: 'scratch', grid: SCRATCH_GRID, colour: BASELINE_SCRATCH }),
  arm({ id: 'full-ce', label: 'full CE', strategy: { kind: 'full' }, grid: FULL_GRID, colour: PALETTE[0] }),
  arm({
    id: 'full-gce',
    label: 'full GCE',
    strategy: { kind: 'full', loss: 'gce' },
    grid: FULL_GRID,
    colour: PALETTE[1],
  }),
  arm({
    id: 'last-k-ce',
    label: 'last-k CE',
    strategy: { kind: 'last-k', k: 1 },
    grid: TOP_GRID,
    colour: PALETTE[2],
  }),
  arm({
    id: 'last-k-gce',
    label: 'last-k GCE',
    strategy: { kind: 'last-k', k: 1, loss: 'gce' },
    grid: TOP_GRID,
    colour: PALETTE[3],
  }),
];

const IMAGE_BLOCKS = ['conv1', 'conv2', 'dense', 'head'];

/** Lazily pretrained source models, one per modality per study. */
export class Sources {
  private readonly models = new Map<string, Promise<SourceModel>>();

  constructor(private readonly ctx: StudyContext) {}

  private pretrain(
    name: string,
    dataset: DatasetSource,
    architecture: ArchitectureName,
    epochs: number,
    description: string,
  ): Promise<SourceModel> {
    let model = this.models.get(name);
    if (!model) {
      const dir = path.join(this.ctx.config.workDir, name);
      const { pretrainLimit, pretrainSeed, probeSize } = this.ctx.config;
      model = runTraining(
        {
          source: { architecture },
          dataset,
          datasetRole: 'source',
          strategy: { kind: 'full', epochs, learningRate: 1e-3 },
          seed: pretrainSeed,
          ...(pretrainLimit !== undefined ? { limit: pretrainLimit } : {}),
          ...(probeSize !== undefined ? { probeSize } : {}),
          saveTo: dir,
        },
        `pretrain ${name}`,
        this.ctx.progress,
      ).then((run) => ({ path: dir, run, description }));
      model.catch(() => this.models.delete(name));
      this.models.set(name, model);
    }
    return model;
  }

  image(): Promise<SourceModel> {
    const epochs = this.ctx.config.pretrainEpochs.image;
    return this.pretrain(
      'image-cnn-ref',
      sourceDigits,
      'cnn-ref',
      epochs,
      `\`cnn-ref\` (blocks conv1, conv2, dense, head) trained from scratch on MNIST digits 0–4 (first half of each digit file), ${epochs} epochs, Adam 1e-3`,
    );
  }

  text(): Promise<SourceModel> {
    const epochs = this.ctx.config.pretrainEpochs.text;
    return this.pretrain(
      'text',
      getDataset('spam-assassin'),
      'text',
      epochs,
      `\`text\` (embedding, encoder1, encoder2, head) trained from scratch on spam-assassin's source role, ${epochs} epochs, Adam 1e-3`,
    );
  }

  audio(): Promise<SourceModel> {
    const epochs = this.ctx.config.pretrainEpochs.audio;
    return this.pretrain(
      'lstm',
      getDataset('speech-commands-synth'),
      'lstm',
      epochs,
      `\`lstm\` (lstm1, lstm2, head) trained from scratch on speech-commands-synth's source role (source voices), ${epochs} epochs, Adam 1e-3`,
    );
  }

  /** Everything pretrained so far, for the report. */
  async all(): Promise<SourceModel[]> {
    const settled = await Promise.allSettled(this.models.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }
}

async function writeFigure(output: Output, file: string, png: Buffer): Promise<string> {
  await mkdir(output.figureDir, { recursive: true });
  await writeFile(path.join(output.figureDir, file), png);
  return `${output.figureLink}/${file}`;
}

async function runArms(
  ctx: StudyContext,
  setup: ScenarioSetup,
  arms: readonly ArmDef[],
): Promise<ArmResult[]> {
  const results: ArmResult[] = [];
  for (const def of arms) results.push(await ctx.arm(setup, def));
  return results;
}

const LAST_COLOUR: Rgb = PALETTE[0];
const BEST_COLOUR: Rgb = PALETTE[5];

/** Bars of last- and best-epoch clean accuracy per arm. */
function accuracyBars(title: string, results: readonly ArmResult[], seeds: number): Buffer {
  return barChart({
    title,
    yLabel: `clean-label validation accuracy (bar: mean, whiskers: 1 std, ${seeds} seeds)`,
    groups: results.map((r) => r.arm.label),
    series: [
      { name: 'last epoch', colour: LAST_COLOUR },
      { name: 'best epoch', colour: BEST_COLOUR },
    ],
    values: results.map((r) => [r.summary.lastClean, r.summary.bestClean]),
  });
}

function seedsText(ctx: StudyContext): string {
  const { seeds, tune, tuningSeed } = ctx.config;
  return (
    `Seeds ${seeds.join(', ')} (each seeds the split, the example order, the new head, dropout and the label noise)` +
    (tune
      ? `; learning rates were tuned on seed ${tuningSeed}`
      : '; learning rates were not tuned (defaults)')
  );
}

function labelOf(results: readonly ArmResult[], id: string): ArmResult | undefined {
  return results.find((r) => r.arm.id === id);
}

/** Image (a): symmetric label noise 0.4 on digits 5–9 with a new head. */
/** Labels the linear probe as the "no fine-tuning" baseline it stands for where the head is new. */
const probeAsBaseline = (r: ArmResult) =>
  r.arm.id === 'linear-probe' ? 'linear probe = no fine-tuning (new head only)' : r.arm.label;

/**
 * The per-arm table every scenario shows: learning rate, clean accuracy at the
 * last and the best epoch, linear CKA per block and its mean.
 */
function armTable(
  results: readonly ArmResult[],
  blocks: readonly string[],
  options: { label?: (r: ArmResult) => string; bestMinusLast?: boolean } = {},
): string[] {
  const label = options.label ?? ((r: ArmResult) => r.arm.label);
  return markdownTable(
    [
      'arm',
      'learning rate',
      'last epoch',
      'best epoch (mean epoch)',
      ...(options.bestMinusLast ? ['best − last'] : []),
      ...blocks.map((b) => `CKA ${b}`),
      'CKA mean',
    ],
    results.map((r) => [
      label(r),
      rateCell(r.rate),
      lastCell(r),
      bestCell(r),
      ...(options.bestMinusLast
        ? [
            formatPoints(r.summary.bestMinusLast.mean).replace(' pt', '') +
              ` ± ${(r.summary.bestMinusLast.std * 100).toFixed(1)} pt`,
          ]
        : []),
      ...blocks.map((b) => ckaCell(r, b)),
      ckaCell(r),
    ]),
  );
}

export async function imageA(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> {
  const source = await sources.image();
  const size = ctx.config.imageTrainSize;
  const setup: ScenarioSetup = {
    id: 'image-a',
    dataKey: `mnist-5-9|noise${IMAGE_LABEL_NOISE}`,
    data: (seed) => withLabelNoise(targetDigits, IMAGE_LABEL_NOISE, seed),
    sourcePath: source.path,
    architecture: 'cnn-ref',
    limit: size,
  };
  const arms = IMAGE_A_ARMS.filter((a) => !ctx.config.arms || ctx.config.arms.includes(a.id));
  const results = await runArms(ctx, setup, arms);
  const first = results.find((r) => r.runs.length > 0)?.runs[0];

  const table = armTable(results, IMAGE_BLOCKS, { label: probeAsBaseline, bestMinusLast: true });

  const accuracyFigure = await writeFigure(
    output,
    'image-a-accuracy.png',
    accuracyBars('Image (a): digits 5-9, 40% symmetric label noise', results, ctx.config.seeds.length),
  );
  const tuned = results.filter((r) => r.arm.kind !== 'scratch');
  const ckaFigure = await writeFigure(
    output,
    'image-a-cka.png',
    linePlot({
      title: 'Image (a): CKA to the source per block, last epoch',
      yLabel: `linear CKA (mean, whiskers: 1 std, ${ctx.config.seeds.length} seeds)`,
      xLabel: 'block (input to output)',
      xTicks: IMAGE_BLOCKS,
      lines: tuned.map((r) => ({
        name: r.arm.label,
        colour: r.arm.colour,
        points: IMAGE_BLOCKS.map((b) => r.summary.cka[b]),
      })),
    }),
  );

  const findings: string[] = [];
  const last = (r: ArmResult) => ({ label: r.arm.label, stat: r.summary.lastClean });
  const best = (r: ArmResult) => ({ label: r.arm.label, stat: r.summary.bestClean });
  const ranking = rankingSentence('clean accuracy at the last epoch', results.map(last));
  if (ranking) findings.push(ranking);
  const rankingBest = rankingSentence('clean accuracy at the best epoch', results.map(best));
  if (rankingBest) findings.push(rankingBest);
  const memorising = results.filter((r) => !r.unchanged && pairedPositive(r.summary.bestMinusLast));
  if (memorising.length > 0) {
    findings.push(
      `Accuracy falls from the best to the last epoch (memorising the noisy labels), by more than its own spread, for ${listJoin(
        memorising.map(
          (r) =>
            `${r.arm.label} (${formatPoints(r.summary.bestMinusLast.mean)} ± ${(r.summary.bestMinusLast.std * 100).toFixed(1)})`,
        ),
      )}; ${
        results.length - memorising.length > 0
          ? `for the others the drop is within its spread.`
          : 'that is every arm.'
      }`,
    );
  } else if (results.length > 0) {
    findings.push(
      `No arm loses accuracy from its best to its last epoch by more than the spread over seeds.`,
    );
  }
  for (const [ce, gce, name] of [
    ['full-ce', 'full-gce', 'full fine-tuning'],
    ['last-k-ce', 'last-k-gce', 'last-k'],
  ] as const) {
    const a = labelOf(results, ce);
    const b = labelOf(results, gce);
    if (a && b) {
      findings.push(
        `GCE vs CE for ${name}: ` +
          pairSentence(
            a.arm.label,
            a.summary.lastClean,
            b.arm.label,
            b.summary.lastClean,
            'last-epoch accuracy',
          ),
      );
    }
  }
  const ckaSentence = ckaFinding(tuned, IMAGE_BLOCKS);
  if (ckaSentence) findings.push(ckaSentence);

  return {
    id: 'image-a',
    title: 'Image (a): label noise 0.4 on a new task (digits 5–9, new head)',
    setup:
      `Source: ${source.description} (its validation accuracy on digits 0–4: ${formatPercentOne(source.run.epochs.at(-1)!.cleanAccuracy)}). ` +
      `Target: digits 5–9 (every MNIST example of them; the source never saw one), ${first?.trainExamples ?? size} training examples, ` +
      `${first?.validationExamples ?? '20 %'} held out for validation (20 %); ${IMAGE_LABEL_NOISE * 100} % symmetric label noise on the training and validation labels ` +
      `(accuracy below is on the true labels; the best epoch is chosen on the noisy validation labels). The head is new (classes 5–9); ` +
      `last-k tunes the dense block and the head (k = 1); GCE uses q = 0.7. ${ctx.config.epochs} epochs, Adam, batch 64. ${seedsText(ctx)} ` +
      `(grids: full ${grid(FULL_GRID)}; last-k ${grid(TOP_GRID)}; linear probe ${grid(PROBE_GRID)}; scratch ${grid(SCRATCH_GRID)}). ` +
      `Baselines: the linear probe is the "no fine-tuning" baseline (the source body as is, only the new head trained); scratch trains \`cnn-ref\` from random weights on the same data.`,
    tables: [table],
    figures: [
      {
        file: accuracyFigure,
        caption: 'Clean-label accuracy at the last and the best epoch (mean ± std over seeds).',
      },
      {
        file: ckaFigure,
        caption: 'Linear CKA to the source model per block at the last epoch; frozen blocks stay at 1.',
      },
    ],
    findings,
    seconds: 0,
  };
}

/** A sentence on where CKA dropped most, and which tuned arms keep more of the source's representation. */
function ckaFinding(results: readonly ArmResult[], blocks: readonly string[]): string | undefined {
  const withCka = results.filter((r) => r.summary.ckaMean);
  if (withCka.length < 2) return undefined;
  const body = blocks.filter((b) => b !== 'head');
  let lowest: { arm: ArmResult; block: string; stat: Stat } | undefined;
  for (const r of withCka) {
    for (const b of body) {
      const stat = r.summary.cka[b];
      if (stat && (!lowest || stat.mean < lowest.stat.mean)) lowest = { arm: r, block: b, stat };
    }
  }
  const sorted = [...withCka].sort((a, b) => a.summary.ckaMean!.mean - b.summary.ckaMean!.mean);
  const [low, high] = [sorted[0], sorted.at(-1)!];
  let sentence = lowest
    ? `The largest change of representation below the head is ${lowest.arm.arm.label} in ${lowest.block} (CKA ${formatStat(lowest.stat)}).`
    : '';
  if (separated(low.summary.ckaMean!, high.summary.ckaMean!)) {
    sentence += ` Mean CKA over blocks ranges from ${formatStat(low.summary.ckaMean)} (${low.arm.label}) to ${formatStat(high.summary.ckaMean)} (${high.arm.label}), a gap beyond the spread.`;
  } else {
    sentence += ` Mean CKA over blocks is within the spread across arms (${formatStat(low.summary.ckaMean)} to ${formatStat(high.summary.ckaMean)}).`;
  }
  return sentence.trim();
}

/** Image (b): negatives of digits 0–4, the source's own classes. */
export async function imageB(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> {
  const source = await sources.image();
  const size = ctx.config.imageTrainSize;
  const setup: ScenarioSetup = {
    id: 'image-b',
    dataKey: 'mnist-0-4-inverted',
    data: () => invertedDigits,
    sourcePath: source.path,
    architecture: 'cnn-ref',
    limit: size,
  };
  const clean = await ctx.sourceAccuracy(source.path, () => sourceDigits, size);
  const shifted = await ctx.sourceAccuracy(source.path, () => invertedDigits, size);
  const drop = summarise(clean.values.map((v, i) => v - shifted.values[i]));
  ctx.progress(
    `image-b: source accuracy ${clean.mean.toFixed(3)} clean vs ${shifted.mean.toFixed(3)} inverted`,
  );
  const arms: ArmDef[] = [
    arm({ id: 'source', label: 'source as is', kind: 'source', colour: BASELINE_SOURCE }),
    arm({
      id: 'scratch',
      label: 'scratch',
      kind: 'scratch',
      rateFrom: 'image-a:scratch',
      grid: SCRATCH_GRID,
      colour: BASELINE_SCRATCH,
    }),
    arm({
      id: 'surgical-conv1',
      label: 'first block (surgical conv1)',
      strategy: { kind: 'surgical', blocks: ['conv1'] },
      grid: SURGICAL_GRID,
      colour: PALETTE[4],
    }),
    arm({
      id: 'last-block',
      label: 'last block (last-k dense)',
      strategy: { kind: 'last-k', k: 1 },
      grid: TOP_GRID,
      colour: PALETTE[2],
    }),
    arm({
      id: 'full',
      label: 'all blocks (full)',
      strategy: { kind: 'full' },
      grid: FULL_GRID,
      colour: PALETTE[0],
    }),
  ];
  const results = await runArms(ctx, setup, arms);
  const first = results.find((r) => r.runs.length > 0)?.runs[0];
  const table = armTable(results, IMAGE_BLOCKS);
  const figure = await writeFigure(
    output,
    'image-b-accuracy.png',
    accuracyBars('Image (b): inverted digits 0-4 (same classes)', results, ctx.config.seeds.length),
  );

  const findings: string[] = [];
  findings.push(
    `The shift is strong: the source model scores ${formatPercent(clean)} on the clean target digits 0–4 and ${formatPercent(shifted)} on their negatives, ` +
      `a drop of ${formatPoints(drop.mean).replace('+', '')} ± ${(drop.std * 100).toFixed(1)} (the scenario asks for more than 20 points: ${drop.mean > 0.2 ? 'met' : 'NOT met'}).`,
  );
  const ranking = rankingSentence(
    'clean accuracy at the last epoch',
    results.map((r) => ({ label: r.arm.label, stat: r.summary.lastClean })),
  );
  if (ranking) findings.push(ranking);
  const surgical = labelOf(results, 'surgical-conv1');
  const lastBlock = labelOf(results, 'last-block');
  const full = labelOf(results, 'full');
  if (surgical && lastBlock && full) findings.push(leeVerdict(surgical, lastBlock, full));

  return {
    id: 'image-b',
    title: 'Image (b): input-level shift (inverted digits 0–4, same classes)',
    setup:
      `Source: the same \`cnn-ref\` as in (a), trained on digits 0–4. Target: photographic negatives (1 − x) of digits 0–4 from the second half of each digit file ` +
      `(examples the source never saw), ${first?.trainExamples ?? size} training examples, ${first?.validationExamples ?? '20 %'} held out for validation, clean labels. ` +
      `The classes are the source's, so the source head is kept and the "no fine-tuning" baseline is the source model evaluated as is. ` +
      `Arms: tune the first block (\`surgical\`, blocks [conv1]) + head, the last block (\`last-k\`, k = 1: dense) + head, or all blocks (\`full\`). ` +
      `${ctx.config.epochs} epochs, Adam, batch 64. ${seedsText(ctx)}, each arm over its own grid (first block ${grid(SURGICAL_GRID)}; ` +
      `last block ${grid(TOP_GRID)}; all blocks ${grid(FULL_GRID)}); scratch reuses the rate tuned in (a). ` +
      `The shift check: the source model is evaluated on the same validation split, clean and inverted.`,
    tables: [table],
    figures: [
      {
        file: figure,
        caption: 'Clean accuracy at the last and the best epoch on inverted digits (mean ± std over seeds).',
      },
    ],
    findings,
    seconds: 0,
  };
}

/** Whether our result agrees with Lee et al. (2023): first-block tuning wins for input-level shifts. */
function leeVerdict(surgical: ArmResult, lastBlock: ArmResult, full: ArmResult): string {
  const s = surgical.summary.lastClean;
  const others = [lastBlock, full];
  const beats = others.filter((o) => separated(s, o.summary.lastClean) && s.mean > o.summary.lastClean.mean);
  const loses = others.filter((o) => separated(s, o.summary.lastClean) && s.mean < o.summary.lastClean.mean);
  const rate = (r: ArmResult) => formatRate(r.rate?.rate);
  const numbers =
    `first block ${formatPercent(s)} (rate ${rate(surgical)}), last block ${formatPercent(lastBlock.summary.lastClean)} ` +
    `(${rate(lastBlock)}), all blocks ${formatPercent(full.summary.lastClean)} (${rate(full)})`;
  const claim =
    'Lee et al. (ICLR 2023, "Surgical Fine-Tuning") find that tuning the first block wins for input-level shifts';
  let verdict: string;
  if (beats.length === others.length) {
    verdict = `${claim}; we agree: ${numbers}, the first block ahead of both beyond the spread.`;
  } else if (loses.length > 0) {
    verdict = `${claim}; here it does not: ${numbers}; ${listJoin(loses.map((o) => o.arm.label))} ${
      loses.length === 1 ? 'beats' : 'beat'
    } the first block beyond the spread${beats.length > 0 ? `, while the first block beats ${listJoin(beats.map((o) => o.arm.label))}` : ''}.`;
  } else if (beats.length > 0) {
    verdict = `${claim}; we partly agree: ${numbers}; the first block beats ${listJoin(beats.map((o) => o.arm.label))} beyond the spread, the rest is within it.`;
  } else {
    verdict = `${claim}; our result is inconclusive: ${numbers}, all within the seeds' spread of one another.`;
  }
  const scores = surgical.rate?.scores;
  if (scores && scores.length > 1) {
    const curve = scores.map((t) => `${(t.score * 100).toFixed(1)} % at ${formatRate(t.rate)}`).join(', ');
    verdict += ` The first block's result hinges on its rate: on the tuning seed its validation accuracy is ${curve} (one seed, so no claim), which is why each arm has its own tuned rate here.`;
  }
  return verdict;
}

/** Image (c): target size × label noise, transfer against scratch. */
export async function imageC(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> {
  const source = await sources.image();
  const arms: ArmDef[] = [
    arm({
      id: 'scratch',
      label: 'scratch',
      kind: 'scratch',
      rateFrom: 'image-a:scratch',
      grid: SCRATCH_GRID,
      colour: BASELINE_SCRATCH,
    }),
    arm({
      id: 'linear-probe',
      label: 'linear probe',
      strategy: { kind: 'linear-probe' },
      rateFrom: 'image-a:linear-probe',
      grid: PROBE_GRID,
      colour: BASELINE_SOURCE,
    }),
    arm({
      id: 'full-ce',
      label: 'full FT',
      strategy: { kind: 'full' },
      rateFrom: 'image-a:full-ce',
      grid: FULL_GRID,
      colour: PALETTE[0],
    }),
  ];
  const cells: { size: number; noise: number; results: ArmResult[]; trainExamples: number }[] = [];
  for (const noise of [0, IMAGE_LABEL_NOISE]) {
    for (const size of ctx.config.imageSizes) {
      const setup: ScenarioSetup = {
        id: 'image-c',
        dataKey: `mnist-5-9|noise${noise}`,
        data: (seed) => withLabelNoise(targetDigits, noise, seed),
        sourcePath: source.path,
        architecture: 'cnn-ref',
        limit: size,
      };
      const results = await runArms(ctx, setup, arms);
      const trainExamples = results.find((r) => r.runs.length)?.runs[0].trainExamples ?? size;
      cells.push({ size, noise, results, trainExamples });
    }
  }
  const verdict = (a: Stat, scratch: Stat) =>
    separated(a, scratch) ? (a.mean > scratch.mean ? 'transfer wins' : 'scratch wins') : 'within spread';
  const get = (results: ArmResult[], id: string) => labelOf(results, id)!.summary.lastClean;
  const table = markdownTable(
    [
      'training examples',
      'label noise',
      'scratch',
      'linear probe',
      'full FT',
      'full FT − scratch',
      'linear probe − scratch',
    ],
    cells.map(({ trainExamples, noise, results }) => {
      const scratch = get(results, 'scratch');
      const probe = get(results, 'linear-probe');
      const full = get(results, 'full-ce');
      return [
        String(trainExamples),
        `${noise * 100} %`,
        formatPercent(scratch),
        formatPercent(probe),
        formatPercent(full),
        `${formatPoints(full.mean - scratch.mean)} (${verdict(full, scratch)})`,
        `${formatPoints(probe.mean - scratch.mean)} (${verdict(probe, scratch)})`,
      ];
    }),
  );
  const figure = await writeFigure(
    output,
    'image-c-size.png',
    barChart({
      title: 'Image (c): transfer vs scratch by target size and label noise',
      yLabel: `clean accuracy, last epoch (mean, whiskers: 1 std, ${ctx.config.seeds.length} seeds)`,
      xLabel: 'training examples / label noise',
      groups: cells.map((c) => `N=${c.trainExamples} ${c.noise > 0 ? `noise ${c.noise * 100}%` : 'clean'}`),
      series: arms.map((a) => ({ name: a.label, colour: a.colour })),
      values: cells.map((c) => arms.map((a) => labelOf(c.results, a.id)!.summary.lastClean)),
    }),
  );

  const findings: string[] = [];
  for (const noise of [0, IMAGE_LABEL_NOISE]) {
    const rows = cells.filter((c) => c.noise === noise);
    const noiseText = noise > 0 ? `with ${noise * 100} % label noise` : 'with clean labels';
    for (const [id, name] of [
      ['full-ce', 'Full fine-tuning'],
      ['linear-probe', 'The linear probe'],
    ] as const) {
      const wins = rows.filter((c) => {
        const a = get(c.results, id);
        const s = get(c.results, 'scratch');
        return separated(a, s) && a.mean > s.mean;
      });
      const losses = rows.filter((c) => {
        const a = get(c.results, id);
        const s = get(c.results, 'scratch');
        return separated(a, s) && a.mean < s.mean;
      });
      const gaps = rows
        .map(
          (c) =>
            `${formatPoints(get(c.results, id).mean - get(c.results, 'scratch').mean)} at ${c.trainExamples}`,
        )
        .join(', ');
      let sentence = `${name} ${noiseText}: gap to scratch ${gaps}. `;
      sentence +=
        wins.length > 0
          ? `It beats scratch beyond the spread at ${listJoin(wins.map((c) => String(c.trainExamples)))} examples`
          : 'It does not beat scratch beyond the spread at any size';
      sentence +=
        losses.length > 0
          ? `; scratch beats it beyond the spread at ${listJoin(losses.map((c) => String(c.trainExamples)))}.`
          : '.';
      findings.push(sentence);
    }
  }
  findings.push(...gapTrends(cells, ctx.config.imageSizes));
  return {
    id: 'image-c',
    title: 'Image (c): target size and noise — where transfer beats scratch',
    setup:
      `Target digits 5–9 with a new head as in (a), training sets of ${ctx.config.imageSizes.join(', ')} examples (nested stratified subsets), ` +
      `clean labels or ${IMAGE_LABEL_NOISE * 100} % symmetric label noise. Arms: scratch, linear probe (the no-fine-tuning baseline) and full fine-tuning with CE, ` +
      `all at the rates tuned in (a) (on 2,000 noisy examples; not re-tuned per size). ${ctx.config.epochs} epochs, batch 64 at every size, so the small sets get fewer steps ` +
      `(${Math.ceil(ctx.config.imageSizes[0] / 64) * ctx.config.epochs} steps at ${ctx.config.imageSizes[0]}). ${seedsText(ctx)}. ` +
      `The 2,000 × 40 % row is the same runs as (a). "transfer wins" / "scratch wins" marks differences beyond the seeds' spread.`,
    tables: [table],
    figures: [
      {
        file: figure,
        caption: 'Last-epoch clean accuracy by training-set size and label noise (mean ± std over seeds).',
      },
    ],
    findings,
    seconds: 0,
  };
}

/**
 * How the full-FT − scratch gap (per seed: the two runs of one seed share the
 * split and the noise) changes with size and with noise, stated as a change
 * only when the two gaps differ beyond their spread.
 */
function gapTrends(
  cells: readonly { size: number; noise: number; results: ArmResult[]; trainExamples: number }[],
  sizes: readonly number[],
): string[] {
  const gap = (c: (typeof cells)[number]) => {
    const full = labelOf(c.results, 'full-ce')!.summary.lastClean.values;
    const scratch = labelOf(c.results, 'scratch')!.summary.lastClean.values;
    return summarise(full.map((v, i) => v - scratch[i]));
  };
  const points = (g: Stat) => `${formatPoints(g.mean)} ± ${(g.std * 100).toFixed(1)}`;
  const sentences: string[] = [];
  const [small, large] = [sizes[0], sizes.at(-1)!];
  if (small !== large) {
    const parts = [0, IMAGE_LABEL_NOISE].map((noise) => {
      const a = cells.find((c) => c.noise === noise && c.size === small);
      const b = cells.find((c) => c.noise === noise && c.size === large);
      if (!a || !b) return '';
      const [ga, gb] = [gap(a), gap(b)];
      const label = noise > 0 ? `with ${noise * 100} % label noise` : 'with clean labels';
      const change = separated(ga, gb) ? 'a change beyond the spread' : 'within the spread';
      return `from ${points(ga)} at ${a.trainExamples} to ${points(gb)} at ${b.trainExamples} examples ${label} (${change})`;
    });
    sentences.push(`Size: the per-seed full-FT − scratch gap goes ${parts.filter(Boolean).join(', and ')}.`);
  }
  const bySize = sizes.map((size) => {
    const clean = cells.find((c) => c.noise === 0 && c.size === size);
    const noisy = cells.find((c) => c.noise === IMAGE_LABEL_NOISE && c.size === size);
    if (!clean || !noisy) return '';
    const [gc, gn] = [gap(clean), gap(noisy)];
    return `at ${clean.trainExamples} examples ${points(gc)} vs ${points(gn)}${separated(gc, gn) ? ' (a change beyond the spread)' : ' (within the spread)'}`;
  });
  sentences.push(
    `Noise: the full-FT − scratch gap with clean labels vs with ${IMAGE_LABEL_NOISE * 100} % label noise is ${bySize.filter(Boolean).join('; ')}.`,
  );
  return sentences;
}

/** LP-FT against plain fine-tuning on the clean new task. */
export async function lpFt(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> {
  const source = await sources.image();
  const size = ctx.config.imageTrainSize;
  const setup: ScenarioSetup = {
    id: 'lp-ft',
    dataKey: 'mnist-5-9|noise0',
    data: () => targetDigits,
    sourcePath: source.path,
    architecture: 'cnn-ref',
    limit: size,
  };
  const probeEpochs = Math.max(1, Math.min(ctx.config.epochs - 1, Math.round(ctx.config.epochs / 3)));
  const arms: ArmDef[] = [
    arm({
      id: 'linear-probe',
      label: 'linear probe',
      strategy: { kind: 'linear-probe' },
      rateFrom: 'image-a:linear-probe',
      grid: PROBE_GRID,
      colour: BASELINE_SOURCE,
    }),
    arm({
      id: 'scratch',
      label: 'scratch',
      kind: 'scratch',
      rateFrom: 'image-a:scratch',
      grid: SCRATCH_GRID,
      colour: BASELINE_SCRATCH,
    }),
    arm({
      id: 'full-ce',
      label: 'full FT',
      strategy: { kind: 'full' },
      rateFrom: 'image-a:full-ce',
      grid: FULL_GRID,
      colour: PALETTE[0],
    }),
    arm({
      id: 'lp-ft',
      label: 'LP-FT',
      strategy: { kind: 'lp-ft' },
      rateFrom: 'image-a:full-ce',
      grid: FULL_GRID,
      colour: PALETTE[4],
    }),
  ];
  const results = await runArms(ctx, setup, arms);
  const first = results.find((r) => r.runs.length > 0)?.runs[0];
  const table = armTable(results, IMAGE_BLOCKS, { label: probeAsBaseline });
  const withCka = results.filter((r) => r.summary.ckaMean);
  const figure = await writeFigure(
    output,
    'lp-ft-scatter.png',
    scatterPlot({
      title: 'LP-FT vs fine-tuning: accuracy against CKA (digits 5-9)',
      xLabel: 'mean linear CKA to the source over blocks, last epoch',
      yLabel: `clean accuracy, last epoch (mean, whiskers: 1 std, ${ctx.config.seeds.length} seeds)`,
      points: withCka.map((r) => ({
        name: r.arm.label,
        colour: r.arm.colour,
        x: r.summary.ckaMean!,
        y: r.summary.lastClean,
      })),
    }),
  );
  const findings: string[] = [];
  const ft = labelOf(results, 'full-ce');
  const lp = labelOf(results, 'lp-ft');
  if (ft && lp) {
    findings.push(
      `Accuracy: ${pairSentence(lp.arm.label, lp.summary.lastClean, ft.arm.label, ft.summary.lastClean, 'last-epoch clean accuracy')}`,
    );
    const a = lp.summary.ckaMean;
    const b = ft.summary.ckaMean;
    if (a && b) {
      const perBlock = IMAGE_BLOCKS.filter((block) => lp.summary.cka[block] && ft.summary.cka[block])
        .map(
          (block) => `${block} ${formatStat(lp.summary.cka[block])} vs ${formatStat(ft.summary.cka[block])}`,
        )
        .join(', ');
      findings.push(
        separated(a, b)
          ? `Representation: LP-FT ${a.mean > b.mean ? 'stays closer to' : 'moves further from'} the source than plain fine-tuning, mean CKA ${formatStat(a)} vs ${formatStat(b)} (beyond the spread; per block LP-FT vs FT: ${perBlock}).`
          : `Representation: mean CKA of LP-FT and plain fine-tuning is within the spread (${formatStat(a)} vs ${formatStat(b)}; per block LP-FT vs FT: ${perBlock}).`,
      );
    }
    const probe = labelOf(results, 'linear-probe');
    if (probe)
      findings.push(
        pairSentence(
          lp.arm.label,
          lp.summary.lastClean,
          probe.arm.label,
          probe.summary.lastClean,
          'last-epoch clean accuracy',
        ),
      );
  }
  return {
    id: 'lp-ft',
    title: 'LP-FT against plain fine-tuning (new head, digits 5–9)',
    setup:
      `The source \`cnn-ref\` from (a); target digits 5–9 with clean labels, ${first?.trainExamples ?? size} training examples, new head. ` +
      `Plain fine-tuning (\`full\`) starts from a random head; LP-FT (\`lp-ft\`) trains only the head for the first ${probeEpochs} of ${ctx.config.epochs} epochs ` +
      `(the trainer's default, a third), then everything. Both at the full-CE rate tuned in (a), so the only difference is the probing phase ` +
      `(which therefore also runs at that rate). ${seedsText(ctx)}. Linear probe, scratch and full FT are the same runs as the clean ${size}-example row of (c).`,
    tables: [table],
    figures: [
      {
        file: figure,
        caption:
          'Last-epoch clean accuracy against mean CKA to the source (mean ± std over seeds, both axes).',
      },
    ],
    findings,
    seconds: 0,
  };
}

/** Text: spam-assassin with typos and label noise, last 2 encoder blocks vs all. */
export async function text(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> {
  const spam = getDataset('spam-assassin');
  const source = await sources.text();
  const degraded = perSeed((seed) =>
    memoiseLoads(
      withQuality(spam, {
        corruption: { kind: 'typos', rate: TEXT_TYPO_RATE },
        labelNoise: { rate: TEXT_LABEL_NOISE, kind: 'symmetric' },
        seed,
      }),
    ),
  );
  const setup: ScenarioSetup = {
    id: 'text',
    dataKey: `spam|typos${TEXT_TYPO_RATE}|noise${TEXT_LABEL_NOISE}`,
    data: degraded,
    sourcePath: source.path,
    architecture: 'text',
    limit: ctx.config.textTrainSize,
  };
  const onClean = await ctx.sourceAccuracy(source.path, () => spam, ctx.config.textTrainSize);
  const dropout = { dropout: TEXT_DROPOUT };
  const arms: ArmDef[] = [
    arm({ id: 'source', label: 'source as is', kind: 'source', colour: BASELINE_SOURCE }),
    arm({
      id: 'scratch',
      label: 'scratch',
      kind: 'scratch',
      strategy: { kind: 'full', ...dropout },
      grid: TEXT_SCRATCH_GRID,
      colour: BASELINE_SCRATCH,
    }),
    arm({
      id: 'last-2',
      label: 'last 2 encoder blocks',
      strategy: { kind: 'last-k', k: 2, ...dropout },
      grid: TEXT_GRID,
      colour: PALETTE[2],
    }),
    arm({
      id: 'full',
      label: 'all blocks',
      strategy: { kind: 'full', ...dropout },
      grid: TEXT_GRID,
      colour: PALETTE[0],
    }),
  ];
  const results = await runArms(ctx, setup, arms);
  const first = results.find((r) => r.runs.length > 0)?.runs[0];
  const blocks = first?.blocks ?? ['embedding', 'encoder1', 'encoder2', 'head'];
  const table = armTable(results, blocks);
  const figure = await writeFigure(
    output,
    'text-accuracy.png',
    accuracyBars('Text: spam-assassin, typos and 20% label noise', results, ctx.config.seeds.length),
  );
  const sourceResult = labelOf(results, 'source')!;
  const findings: string[] = [];
  const lastTwo = labelOf(results, 'last-2');
  const all = labelOf(results, 'full');
  if (lastTwo && all) {
    findings.push(
      pairSentence(
        lastTwo.arm.label,
        lastTwo.summary.lastClean,
        all.arm.label,
        all.summary.lastClean,
        'last-epoch clean accuracy',
      ),
    );
  }
  const ranking = rankingSentence(
    'clean accuracy at the last epoch',
    results.map((r) => ({ label: r.arm.label, stat: r.summary.lastClean })),
  );
  if (ranking) findings.push(ranking);
  const ckaSentence = ckaFinding(
    results.filter((r) => !r.unchanged),
    blocks,
  );
  if (ckaSentence) findings.push(ckaSentence);
  return {
    id: 'text',
    title: 'Text: spam-assassin with typos and label noise',
    setup:
      `Source: ${source.description} (validation accuracy on its own role: ${formatPercentOne(source.run.epochs.at(-1)!.cleanAccuracy)}). ` +
      `Target: spam-assassin's target role (other mail groups), ${first?.trainExamples ?? 'all'} training examples, keyboard typos on ${TEXT_TYPO_RATE * 100} % of characters ` +
      `(re-tokenised) and ${TEXT_LABEL_NOISE * 100} % symmetric label noise. The source model as is scores ${formatPercent(onClean)} on the clean target ` +
      `and ${formatPercent(sourceResult.summary.lastClean)} on the degraded one. Same classes (ham, spam), so the head is kept. Arms: the last 2 encoder blocks ` +
      `(\`last-k\`, k = 2: encoder1, encoder2 + head) vs all blocks (\`full\`, embedding included), both with dropout ${TEXT_DROPOUT} on the head's input; scratch uses the same recipe. ` +
      `${ctx.config.epochs} epochs, Adam, batch 64. ${seedsText(ctx)} (grids: last 2 and all ${grid(TEXT_GRID)}; scratch ${grid(TEXT_SCRATCH_GRID)}).`,
    tables: [table],
    figures: [
      {
        file: figure,
        caption: 'Clean-label accuracy at the last and the best epoch (mean ± std over seeds).',
      },
    ],
    findings,
    seconds: 0,
  };
}

/** Audio: new speakers at 5 dB SNR through a band limit; frozen LSTMs + new head vs full fine-tuning. */
export async function audio(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> {
  const speech = getDataset('speech-commands-synth');
  const source = await sources.audio();
  const degraded = perSeed((seed) =>
    memoiseLoads(
      withQuality(noisySpeech(speech, AUDIO_SNR_DB, seed), {
        corruption: { kind: 'band-limit', sampleRate: AUDIO_BAND_LIMIT_HZ },
        seed,
      }),
    ),
  );
  const renamed = perSeed((seed) => renameClasses(degraded(seed), 'new-'));
  const size = ctx.config.audioTrainSize;
  const setup: ScenarioSetup = {
    id: 'audio',
    dataKey: `speech|snr${AUDIO_SNR_DB}|band${AUDIO_BAND_LIMIT_HZ}|renamed`,
    data: renamed,
    sourceData: degraded,
    sourcePath: source.path,
    architecture: 'lstm',
    limit: size,
  };
  const onClean = await ctx.sourceAccuracy(source.path, () => speech, size);
  const arms: ArmDef[] = [
    arm({ id: 'source', label: 'source as is', kind: 'source', colour: BASELINE_SOURCE }),
    arm({ id: 'scratch', label: 'scratch', kind: 'scratch', grid: SCRATCH_GRID, colour: BASELINE_SCRATCH }),
    arm({
      id: 'frozen-new-head',
      label: 'frozen LSTMs + new head',
      strategy: { kind: 'linear-probe' },
      grid: AUDIO_PROBE_GRID,
      colour: PALETTE[2],
    }),
    arm({
      id: 'full-small-lr',
      label: 'full FT, small rate',
      strategy: { kind: 'full' },
      grid: AUDIO_SMALL_GRID,
      colour: PALETTE[0],
    }),
  ];
  const results = await runArms(ctx, setup, arms);
  const first = results.find((r) => r.runs.length > 0)?.runs[0];
  const blocks = first?.blocks ?? ['lstm1', 'lstm2', 'head'];
  const table = armTable(results, blocks);
  const figure = await writeFigure(
    output,
    'audio-accuracy.png',
    accuracyBars('Audio: new speakers, 5 dB SNR, band-limited to 4 kHz', results, ctx.config.seeds.length),
  );
  const sourceResult = labelOf(results, 'source')!;
  const findings: string[] = [];
  const frozen = labelOf(results, 'frozen-new-head');
  const full = labelOf(results, 'full-small-lr');
  if (frozen && full) {
    findings.push(
      pairSentence(
        frozen.arm.label,
        frozen.summary.lastClean,
        full.arm.label,
        full.summary.lastClean,
        'last-epoch accuracy',
      ),
    );
  }
  const ranking = rankingSentence(
    'accuracy at the last epoch',
    results.map((r) => ({ label: r.arm.label, stat: r.summary.lastClean })),
  );
  if (ranking) findings.push(ranking);
  const ckaSentence = ckaFinding(
    results.filter((r) => !r.unchanged),
    blocks,
  );
  if (ckaSentence) findings.push(ckaSentence);
  return {
    id: 'audio',
    title: 'Audio: speech-commands-synth, new speakers at 5 dB SNR, band-limited',
    setup:
      `Source: ${source.description} (validation accuracy on its own role: ${formatPercentOne(source.run.epochs.at(-1)!.cleanAccuracy)}). ` +
      `Target: the target role's speakers (other accents and voices), ${first?.trainExamples ?? size} training examples; white noise at ${AUDIO_SNR_DB} dB SNR (signal power over the whole one-second clip, silence included) added to each waveform, ` +
      `then a band limit to an ${AUDIO_BAND_LIMIT_HZ / 1000} kHz recording (content below 4 kHz), then MFCCs again; validation and probe are degraded the same way. ` +
      `The source model as is scores ${formatPercent(onClean)} on the clean target and ${formatPercent(sourceResult.summary.lastClean)} on the degraded one. ` +
      `The words are the source's, so to give both arms a new head the classes are renamed (same labels); the source-as-is baseline uses the original names. ` +
      `Arms: frozen recurrent layers + new head (\`linear-probe\`) vs full fine-tuning at a small rate (grid ${grid(AUDIO_SMALL_GRID)}; frozen + new head ${grid(AUDIO_PROBE_GRID)}; scratch ${grid(SCRATCH_GRID)}). ` +
      `${ctx.config.epochs} epochs, Adam, batch 64. ${seedsText(ctx)}.`,
    tables: [table],
    figures: [
      {
        file: figure,
        caption: 'Accuracy at the last and the best epoch (mean ± std over seeds); labels are clean here.',
      },
    ],
    findings,
    seconds: 0,
  };
}

export const SCENARIOS: Record<
  ScenarioId,
  { title: string; run(ctx: StudyContext, sources: Sources, output: Output): Promise<Section> }
> = {
  'image-a': { title: 'Image (a): label noise 0.4 on a new task', run: imageA },
  'image-b': { title: 'Image (b): input-level shift', run: imageB },
  'image-c': { title: 'Image (c): target size and noise', run: imageC },
  'lp-ft': { title: 'LP-FT against plain fine-tuning', run: lpFt },
  text: { title: 'Text: spam-assassin with typos and label noise', run: text },
  audio: { title: 'Audio: speech-commands-synth at 5 dB SNR, band-limited', run: audio },
};
