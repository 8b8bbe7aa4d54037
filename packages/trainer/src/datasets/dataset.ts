/**
 * The dataset contract between data sources and the training loop. Everything is
 * plain typed arrays (row-major, one example per row) so datasets can be built,
 * degraded and cached without touching tensors.
 */
export type Modality = 'IMAGE' | 'TEXT' | 'AUDIO';

/** Which half of a dataset: the source model is pretrained on `source`, fine-tuned on `target`. */
export type DatasetRole = 'source' | 'target';

export interface LabelledExamples {
  /** count × product(inputShape) values, row-major. Token ids for TEXT (int32). */
  inputs: Float32Array | Int32Array;
  /** The labels to train on (possibly noisy). */
  labels: Int32Array;
  /** The true labels, for `val/accuracy_clean`; equal to `labels` on clean data. */
  cleanLabels: Int32Array;
  count: number;
}

export interface DatasetInfo {
  name: string;
  modality: Modality;
  /** Shape of one example, e.g. [28, 28, 1] for MNIST, [50, 13] for MFCC frames, [64] for token ids. */
  inputShape: number[];
  inputDtype: 'float32' | 'int32';
  classNames: string[];
  /** For TEXT: the vocabulary size the token ids index into. */
  vocabularySize?: number;
  /** How many examples the role holds before any limit. */
  size: number;
}

export interface MaterialisedDataset {
  info: DatasetInfo;
  train: LabelledExamples;
  validation: LabelledExamples;
  /** A fixed probe set on which similarity to the source model is measured every epoch. */
  probe: LabelledExamples;
  /** Fraction of training labels that differ from the true ones, when a quality profile added noise. */
  realisedNoiseRate?: number;
}

export interface LoadDatasetOptions {
  role: DatasetRole;
  /** Shuffles and splits deterministically. */
  seed: number;
  /** Keep at most this many training examples (after the split). */
  limit?: number;
  /** Fraction of the role's examples held out for validation (default 0.2). */
  validationFraction?: number;
  /** Probe-set size (default 256, capped by the validation size). */
  probeSize?: number;
}

/** A dataset the trainer can load by name. New kinds (imports, degraded copies) implement this. */
export interface DatasetSource {
  readonly name: string;
  /**
   * Identifies the exact data this source yields when it differs from `name`
   * (e.g. a base dataset plus a quality profile), so a checkpoint is never
   * resumed on other data.
   */
  readonly fingerprint?: string;
  describe(): DatasetInfo;
  load(options: LoadDatasetOptions): Promise<MaterialisedDataset>;
}
