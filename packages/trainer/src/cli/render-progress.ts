/**
 * The human view of a run on stdout: a header, one aligned row per epoch that
 * starts with a progress bar, a per-block similarity table for the last epoch,
 * and a closing line. Events arrive once per epoch, so on a terminal a
 * transient "epoch N/M running…" line fills the wait; pipes and files get only
 * plain lines, with no escape codes.
 */
import type { StrategySpec } from '../strategies/strategy-spec.js';
import { METRIC, ckaMetric, weightDriftMetric } from '../training/metric-names.js';
import type { EpochMetrics, TrainEvent } from '../training/train-spec.js';
import type { CliStream } from './cli-io.js';
import { describeDataset, describeStrategy, trainingSchedule } from './describe-run.js';
import type { EventView } from './event-view.js';
import { formatTable, StreamingTable, type Align } from './text-table.js';

const BAR_WIDTH = 10;
const CLEAR_LINE = '\r\x1b[2K';

type Started = Extract<TrainEvent, { type: 'started' }>;

interface Column {
  header: string;
  width: number;
  align: Align;
  cell(epoch: number, metrics: EpochMetrics): string;
}

export interface HumanProgressOptions {
  /** First header line, e.g. `finetune models/mnist on mnist`. */
  title: string;
  /** The kind the user asked for; when `auto`, the header says what it chose and why. */
  requestedKind?: string;
  /** Where the run saves the model when it completes; a cancelled run does not. */
  saveTo?: string;
  /** Milliseconds, for the total time on the closing line. Default `performance.now`. */
  clock?: () => number;
}

export class HumanProgressView implements EventView {
  private readonly clock: () => number;
  private readonly startedAt: number;
  private run: Started | undefined;
  private table: StreamingTable | undefined;
  private columns: Column[] = [];
  private lastCheckpoint: { epoch: number; path: string } | undefined;
  private nextEpoch = 1;
  private transientShown = false;
  private stopping = false;

  constructor(
    private readonly out: CliStream,
    private readonly options: HumanProgressOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.startedAt = this.clock();
  }

  render(event: TrainEvent): void {
    this.clearTransient();
    switch (event.type) {
      case 'started':
        this.started(event);
        break;
      case 'epoch':
        this.epoch(event.epoch, event.metrics);
        this.nextEpoch = event.epoch + 1;
        break;
      case 'checkpoint':
        this.lastCheckpoint = { epoch: event.epoch, path: event.path };
        break;
      case 'finished':
        this.finished(event);
        return;
      case 'failed':
        // The runner puts the message on stderr; stdout just ends cleanly.
        return;
    }
    this.showTransient();
  }

  interrupted(): void {
    this.clearTransient();
    this.stopping = true;
  }

  private started(event: Started): void {
    this.run = event;
    this.nextEpoch = event.startEpoch;
    const schedule = trainingSchedule(event.strategy, event.blocks);
    const blocks = event.blocks.map((b) => {
      const when = schedule.get(b);
      return when === 'all' ? b : `${b} (${when})`;
    });
    const rows = [
      ['backend', event.backend],
      [
        'dataset',
        `${describeDataset(event.dataset)}; ${event.trainExamples} train, ` +
          `${event.validationExamples} validation, ${event.probeExamples} probe examples`,
      ],
      ['strategy', describeStrategy(event.strategy)],
      ...(this.options.requestedKind === 'auto' ? [['', `auto: ${event.strategyReason}`]] : []),
      ['blocks', blocks.join(', ')],
      ...(event.startEpoch > 1
        ? [['resuming', `from the checkpoint after epoch ${event.startEpoch - 1} of ${event.epochs}`]]
        : []),
    ];
    this.columns = epochColumns(event);
    this.table = new StreamingTable(this.columns);
    this.write([this.options.title, ...formatTable(rows).map((l) => `  ${l}`), '', this.table.header()]);
  }

  private epoch(epoch: number, metrics: EpochMetrics): void {
    if (!this.table) return;
    this.write([this.table.row(this.columns.map((c) => c.cell(epoch, metrics)))]);
  }

  private finished(event: Extract<TrainEvent, { type: 'finished' }>): void {
    const lines: string[] = [];
    const blocks = this.run && event.epochsCompleted > 0 ? this.blockTable(this.run, event.metrics) : [];
    if (blocks.length > 0) lines.push('', ...blocks);
    const agreement = event.metrics[METRIC.agreement];
    if (typeof agreement === 'number') {
      lines.push(`agreement with the source on the probe set: ${fixed(agreement, 4)}`);
    }
    lines.push('', this.closingLine(event));
    this.write(lines);
  }

  /** `similarity/cka/<block>` and `similarity/weight_drift/<block>` of the last epoch; none when pretraining. */
  private blockTable(run: Started, metrics: EpochMetrics): string[] {
    if (!run.blocks.some((b) => metrics[ckaMetric(b)] !== undefined)) return [];
    const schedule = trainingSchedule(run.strategy, run.blocks);
    const rows = run.blocks.map((b) => [
      b,
      schedule.get(b) ?? '',
      fixed(metrics[ckaMetric(b)], 4),
      fixed(metrics[weightDriftMetric(b)], 4),
    ]);
    return formatTable(rows, {
      header: ['block', 'trained', 'cka', 'weight_drift'],
      align: ['left', 'left', 'right', 'right'],
    });
  }

  private closingLine(event: Extract<TrainEvent, { type: 'finished' }>): string {
    const done = event.epochsCompleted;
    const total = this.run?.epochs ?? done;
    const seconds = ((this.clock() - this.startedAt) / 1000).toFixed(1);
    const epochs = `${done} of ${total} epoch${total === 1 ? '' : 's'}`;
    const best =
      this.run && event.bestEpoch > 0
        ? ` (best ${bestMetric(this.run.strategy)} at epoch ${event.bestEpoch})`
        : '';
    const saved = event.modelPath ? `; model saved to ${event.modelPath}` : '';
    switch (event.status) {
      case 'completed':
        return `completed ${done} epoch${done === 1 ? '' : 's'} in ${seconds} s${best}${saved}`;
      case 'early-stopped':
        return `early-stopped after ${epochs} in ${seconds} s${best}${saved}`;
      case 'cancelled': {
        const notSaved = this.options.saveTo ? `; nothing was saved to ${this.options.saveTo}` : '';
        const resume = this.lastCheckpoint
          ? `; run the same command again to resume from ${this.lastCheckpoint.path} (epoch ${this.lastCheckpoint.epoch})`
          : '';
        return `cancelled after ${epochs} in ${seconds} s${notSaved}${resume}`;
      }
    }
  }

  private showTransient(): void {
    if (!this.out.isTTY || this.stopping || !this.run || this.nextEpoch > this.run.epochs) return;
    this.out.write(`  epoch ${this.nextEpoch}/${this.run.epochs} running…`);
    this.transientShown = true;
  }

  private clearTransient(): void {
    if (!this.transientShown) return;
    this.out.write(CLEAR_LINE);
    this.transientShown = false;
  }

  private write(lines: string[]): void {
    this.out.write(lines.map((l) => `${l}\n`).join(''));
  }
}

function epochColumns(run: Started): Column[] {
  const epochWidth = `${run.epochs}/${run.epochs}`.length;
  const metric = (header: string, name: string, digits: number, width = 6): Column => ({
    header,
    width,
    align: 'right',
    cell: (_, m) => fixed(m[name], digits),
  });
  return [
    { header: 'progress', width: BAR_WIDTH + 2, align: 'left', cell: (e) => bar(e, run.epochs) },
    { header: 'epoch', width: epochWidth, align: 'right', cell: (e) => `${e}/${run.epochs}` },
    metric('train/loss', METRIC.trainLoss, 4),
    metric('train/acc', METRIC.trainAccuracy, 4),
    metric('val/loss', METRIC.valLoss, 4),
    metric('val/acc', METRIC.valAccuracy, 4),
    metric('val/acc_clean', METRIC.valAccuracyClean, 4),
    // A pretraining run has no source to compare with, so no similarity column.
    ...(run.mode === 'finetune' ? [metric('cka_mean', METRIC.ckaMean, 4)] : []),
    metric('samples/s', METRIC.samplesPerSec, 0),
    metric('epoch_ms', METRIC.epochMs, 0),
  ];
}

/** `[####------]`: the share of all epochs done once `epoch` is. */
export function bar(epoch: number, total: number): string {
  const filled = Math.round((BAR_WIDTH * Math.min(epoch, total)) / Math.max(total, 1));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

function fixed(value: number | string | undefined, digits: number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? value.toFixed(digits) : String(value);
  return value ?? '-';
}

function bestMetric(strategy: StrategySpec): string {
  return strategy.earlyStopping?.metric ?? METRIC.valLoss;
}
