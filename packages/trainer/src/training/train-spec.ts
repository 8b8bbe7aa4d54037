import type { DatasetInfo, DatasetRole, DatasetSource } from '../datasets/dataset.js';
import type { ArchitectureName } from '../models/model-manifest.js';
import type { DatasetEvidence } from '../strategies/auto-strategy.js';
import type { StrategySpec } from '../strategies/strategy-spec.js';

/** What to train: everything in it is plain JSON except an optional in-process dataset source. */
export interface TrainSpec {
  /**
   * Fine-tune the model saved in a folder (`model.json` + `weights.bin`), or
   * train an architecture from scratch (pretraining a source model).
   */
  source: { path: string } | { architecture: ArchitectureName; units?: number };
  /** A registered dataset name (`mnist`, `synthetic-image`, …) or a source object. */
  dataset: string | DatasetSource;
  /** Default: `target` when fine-tuning, `source` when pretraining. */
  datasetRole?: DatasetRole;
  /** JSON strategy (see `parseStrategy`); defaults fill every field but `kind`. */
  strategy: unknown;
  /** Seeds the data split and order, the new head and dropout. Default 0. */
  seed?: number;
  /** Keep at most this many training examples. */
  limit?: number;
  /** Examples in the fixed similarity probe set (default 256). */
  probeSize?: number;
  similarity?: {
    /** Unbiased HSIC (Song et al. 2012) instead of the biased estimator. */
    debiased?: boolean;
    /** Minibatch CKA (Nguyen et al. 2021) over probe batches of this size. */
    minibatchSize?: number;
  };
  /** Write a checkpoint every `everyEpochs` (default 1) epochs into `dir`; resume from it when present. */
  checkpoint?: { dir: string; everyEpochs?: number };
  /** Save the trained model to this folder at the end. */
  saveTo?: string;
  /** What `auto` knows about the data (label-noise rate from the quality profile or an estimate). */
  evidence?: DatasetEvidence;
}

export interface TrainOptions {
  /** Aborting stops training before the next batch; the run then ends with a `finished` event, status `cancelled`. */
  signal?: AbortSignal;
  /** Milliseconds; injected by tests. Default `performance.now`. */
  clock?: () => number;
  /** Called after every batch, e.g. for a progress bar within an epoch. */
  onBatch?: (progress: { epoch: number; batch: number; batches: number }) => void;
}

/** Metric values of one epoch keyed by DESIGN.md's names; `system/backend` is the one string. */
export type EpochMetrics = Record<string, number | string>;

export type TrainEvent =
  | {
      type: 'started';
      backend: string;
      mode: 'pretrain' | 'finetune';
      strategy: StrategySpec;
      /** Why this strategy (e.g. what `auto` decided). */
      strategyReason: string;
      blocks: string[];
      dataset: DatasetInfo;
      trainExamples: number;
      validationExamples: number;
      probeExamples: number;
      epochs: number;
      /** The first epoch this process will train: 1, or the one after the checkpoint it resumed from. */
      startEpoch: number;
      /** When a quality profile added label noise: the fraction of training labels it changed. */
      realisedNoiseRate?: number;
    }
  | { type: 'epoch'; epoch: number; metrics: EpochMetrics }
  | { type: 'checkpoint'; epoch: number; path: string }
  | {
      type: 'finished';
      status: 'completed' | 'early-stopped' | 'cancelled';
      epochsCompleted: number;
      bestEpoch: number;
      /** The last completed epoch's metrics (empty if none completed). */
      metrics: EpochMetrics;
      /** Where the model was saved, when `saveTo` was given. */
      modelPath?: string;
    }
  | { type: 'failed'; error: string; code: 'INVALID_INPUT' | 'TRAINING_ERROR' };

/** A spec that cannot run; the message says what is wrong and what is allowed. */
export class InvalidTrainSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTrainSpecError';
  }
}
