/** Metric names are stable API (DESIGN.md "Metrics, per epoch"). */
export const METRIC = {
  trainLoss: 'train/loss',
  trainAccuracy: 'train/accuracy',
  valLoss: 'val/loss',
  valAccuracy: 'val/accuracy',
  valAccuracyClean: 'val/accuracy_clean',
  ckaMean: 'similarity/cka_mean',
  agreement: 'similarity/agreement',
  samplesPerSec: 'system/samples_per_sec',
  epochMs: 'system/epoch_ms',
  backend: 'system/backend',
} as const;

export const ckaMetric = (block: string) => `similarity/cka/${block}`;
export const weightDriftMetric = (block: string) => `similarity/weight_drift/${block}`;
