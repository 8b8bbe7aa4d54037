/**
 * Runs the study's scenarios in order and renders `docs/study.md`. A scenario
 * that fails (e.g. a dataset that cannot load) is reported as not run, with
 * the error, and the others still run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { selectBackend } from '../index.js';
import { StudyContext, type ScenarioId, type StudyConfig } from './context.js';
import { formatRate, markdownTable, type Section } from './report.js';
import type { Progress } from './runs.js';
import { SCENARIOS, Sources, type Output } from './scenarios.js';
import { formatPercentOne } from './stats.js';

export interface StudyResult {
  sections: Section[];
  markdown: string;
  seconds: number;
  runs: number;
  backend: string;
}

export interface RunStudyOptions {
  /** Where study.md is written (its folder also gets the figures' folder); nothing is written when absent. */
  markdownPath?: string;
  /** Figures folder (default: `study/` next to study.md, or `workDir/figures`). */
  figureDir?: string;
  progress: Progress;
  /** The command line that regenerates the report, quoted in it. */
  command?: string;
}

/**
 * @example
 * const result = await runStudy({ ...FULL_STUDY, workDir: '/tmp/study' }, { markdownPath: 'docs/study.md', progress: console.error });
 */
export async function runStudy(config: StudyConfig, options: RunStudyOptions): Promise<StudyResult> {
  const start = performance.now();
  const backend = (await selectBackend()).name;
  const ctx = new StudyContext(config, options.progress);
  const sources = new Sources(ctx);
  const markdownDir = options.markdownPath ? path.dirname(options.markdownPath) : undefined;
  const figureDir =
    options.figureDir ??
    (markdownDir ? path.join(markdownDir, 'study') : path.join(config.workDir, 'figures'));
  const output: Output = {
    figureDir,
    figureLink: markdownDir ? path.relative(markdownDir, figureDir).split(path.sep).join('/') : figureDir,
  };
  await mkdir(config.workDir, { recursive: true });
  const sections: Section[] = [];
  let markdown = '';
  const render = async (complete: boolean) => {
    const seconds = (performance.now() - start) / 1000;
    markdown = renderMarkdown({
      config,
      ctx,
      sections,
      seconds,
      backend,
      complete,
      command: options.command,
      sources: await sources.all(),
    });
    if (options.markdownPath) {
      await mkdir(path.dirname(options.markdownPath), { recursive: true });
      await writeFile(options.markdownPath, markdown);
    }
  };
  options.progress(
    `study: ${config.scenarios.join(', ')}; seeds ${config.seeds.join(', ')}; ${config.epochs} epochs per run; backend ${backend}`,
  );
  for (const id of config.scenarios) {
    const scenario = SCENARIOS[id];
    const began = performance.now();
    options.progress(`— ${scenario.title}`);
    let section: Section;
    try {
      section = await scenario.run(ctx, sources, output);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.progress(`${id} was not run: ${message}`);
      section = {
        id,
        title: scenario.title,
        setup: '',
        tables: [],
        figures: [],
        findings: [],
        notRun: message,
        seconds: 0,
      };
    }
    section.seconds = (performance.now() - began) / 1000;
    options.progress(`${id} took ${(section.seconds / 60).toFixed(1)} min`);
    sections.push(section);
    await render(false);
  }
  await render(true);
  const seconds = (performance.now() - start) / 1000;
  options.progress(`study done in ${(seconds / 60).toFixed(1)} min, ${ctx.runCount} trainings`);
  return { sections, markdown, seconds, runs: ctx.runCount, backend };
}

interface RenderInput {
  config: StudyConfig;
  ctx: StudyContext;
  sections: Section[];
  seconds: number;
  backend: string;
  complete: boolean;
  command?: string;
  sources: { description: string }[];
}

const LIMITS = [
  'Three seeds. The claim rule (difference of means larger than the sum of the two standard deviations) is a conservative reading of three numbers, not a significance test, and a standard deviation from three runs is itself uncertain; "within the spread" means "not shown", not "equal".',
  'Short training on a CPU budget: every run has the same few epochs (see above). Longer training would give CE more time to memorise noisy labels, so the last-versus-best gaps are probably smaller than they would be at convergence, and the small image sets in (c) get very few optimizer steps (the same epochs at batch 64), which handicaps scratch most.',
  'Learning rates come from a 3- to 5-point grid tuned on one seed, on validation accuracy against the labels as given (noisy where the scenario is noisy); neighbouring rates often score within a point of each other, so the choice is itself noisy. Image (c), LP-FT and the scratch arm of (b) reuse rates tuned in (a) rather than tuning again; a rate at the edge of its grid is marked below.',
  'There is no separate test split: accuracy is on the validation split, and the "best epoch" is chosen on the same split (on its noisy labels), so best-epoch numbers are optimistic. The tuning seed draws a different split of the same examples, so tuned rates have seen examples that are training data in the reported seeds.',
  "Small models and small data: a 2-conv `cnn-ref` on 28×28 digits, a convolutional stand-in for a transformer encoder (tfjs-layers has no attention layer) on spam-assassin, and a 2-layer LSTM on espeak-ng speech. The literature's findings (e.g. Lee et al. 2023 on ResNets and CIFAR-10-C/ImageNet-C) are about larger models; agreement or disagreement here is about these models.",
  "Where the head is new, its CKA compares the new head's outputs with the source head's outputs for other classes: read it as how much the output geometry resembles the source's, not as retention.",
  'Linear CKA is measured on a fixed probe of at most 256 validation examples, degraded like the target; from-scratch models have no source to compare with, so their CKA is n/a. The source model evaluated as is has CKA 1 by definition.',
  'Audio noise is set by the signal power of the whole one-second clip, silence included, so while the word is spoken the SNR is above the nominal 5 dB and the silence around it is pure noise; other definitions (speech-only power) would give other numbers.',
  "LP-FT's probing phase runs at the fine-tuning rate (one rate per strategy in the trainer), so its head is less converged after probing than in Kumar et al. (2022), who probe to convergence.",
];

function renderMarkdown(input: RenderInput): string {
  const { config, ctx, sections, seconds, backend, complete } = input;
  const lines: string[] = [];
  lines.push('# Study: fine-tuning strategies under label noise, input shift and scarce data', '');
  lines.push(
    `_Generated by \`${input.command ?? 'npm run study'}\` (\`packages/trainer/src/study/\`); do not edit by hand — rerun it. ` +
      (complete
        ? `The whole study took ${(seconds / 60).toFixed(1)} minutes on ${os.cpus().length} CPU cores (tfjs backend \`${backend}\`), ${ctx.runCount} trainings._`
        : `**Incomplete: the study was still running when this was written** (${(seconds / 60).toFixed(1)} minutes in).`) +
      '',
    '',
  );
  lines.push('## How to read this', '');
  lines.push(
    `Everything goes through the trainer's public API (\`train()\`, dataset sources, quality profiles, \`loadModel\`). ` +
      `Every table reports mean ± sample standard deviation over seeds ${config.seeds.join(', ')}. ` +
      `Every fine-tuning and from-scratch run trains for **${config.epochs} epochs** (Adam, batch 64, no early stopping), in every scenario. ` +
      `"Last epoch" is the model after epoch ${config.epochs}; "best epoch" is the epoch with the highest validation accuracy on the labels as given (noisy where the scenario adds noise), ` +
      `and its accuracy is measured on the true labels. Every table has two baselines: the source model without fine-tuning (evaluated as is where the classes are the source's; ` +
      `where the classes are new, only a new head trained on the frozen body — the linear probe) and the architecture trained from scratch on the target data. ` +
      `A difference is stated as a finding only when the two means differ by more than the sum of their standard deviations ("beyond the spread"); ` +
      `for a drop from the best to the last epoch of the same runs, when the mean per-seed drop exceeds its own standard deviation and is at least 1 point.`,
    '',
  );
  if (input.sources.length > 0) {
    lines.push(
      'Source models (pretrained once per study, seed ' +
        config.pretrainSeed +
        ', reused by every arm and seed):',
      '',
    );
    for (const source of input.sources) lines.push(`- ${source.description}.`);
    lines.push('');
  }
  for (const section of sections) {
    lines.push(`## ${section.title}`, '');
    if (section.notRun) {
      lines.push(`**Not run.** ${section.notRun}`, '');
      continue;
    }
    lines.push(section.setup, '');
    for (const table of section.tables) lines.push(...table, '');
    for (const figure of section.figures)
      lines.push(`![${figure.caption}](${figure.file})`, '', `_${figure.caption}_`, '');
    if (section.findings.length > 0) {
      lines.push('**Findings.**', '');
      for (const finding of section.findings)
        lines.push(`- ${finding.charAt(0).toUpperCase()}${finding.slice(1)}`);
      lines.push('');
    }
    lines.push(`_Section runtime: ${(section.seconds / 60).toFixed(1)} min._`, '');
  }
  const rates = [...ctx.rates.values()];
  const edges: string[] = [];
  if (rates.length > 0) {
    lines.push('## Learning rates', '');
    lines.push(
      config.tune
        ? `Tuned on seed ${config.tuningSeed}: the rate with the highest best-epoch validation accuracy (labels as given) wins; scores are that accuracy.`
        : 'Not tuned: every arm used its default rate.',
      '',
    );
    lines.push(
      ...markdownTable(
        ['scenario', 'arm', 'rate', 'how chosen'],
        rates.map((r) => {
          let how = 'default';
          if (r.scores) {
            how = r.scores.map((s) => `${formatRate(s.rate)}: ${formatPercentOne(s.score)}`).join('; ');
            const sorted = r.scores.map((s) => s.rate).sort((a, b) => a - b);
            if (r.rate === sorted[0] || r.rate === sorted.at(-1)) {
              how += ' — at the edge of the grid';
              edges.push(`${r.scenario} / ${r.arm}`);
            }
          } else if (r.from) {
            how = `reused from ${r.from}`;
          }
          return [r.scenario, r.arm, formatRate(r.rate), how];
        }),
        4,
      ),
      '',
    );
  }
  const notRun = sections.filter((s) => s.notRun);
  const skipped = (Object.keys(SCENARIOS) as ScenarioId[]).filter((id) => !config.scenarios.includes(id));
  if (notRun.length > 0 || skipped.length > 0) {
    lines.push('## Not run', '');
    for (const s of notRun) lines.push(`- ${s.title}: ${s.notRun}`);
    for (const id of skipped) lines.push(`- ${SCENARIOS[id].title}: not selected in this configuration.`);
    lines.push('');
  }
  lines.push('## Limits', '');
  for (const limit of LIMITS) lines.push(`- ${limit}`);
  if (edges.length > 0) {
    lines.push(
      `- These tuned rates sit at the edge of their grid, so a better rate may lie outside it: ${edges.join(', ')}.`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
