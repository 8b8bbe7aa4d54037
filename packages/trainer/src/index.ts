/**
 * @driftboard/trainer — fine-tune a source model on a target dataset with a
 * strategy, and measure per epoch how similar it stays to its source.
 * Only plain numbers, strings and typed arrays cross this boundary.
 */
export {
  selectBackend,
  BACKEND_PREFERENCE,
  type BackendChoice,
  type SelectedBackend,
} from './backend/select-backend.js';
export * from './datasets/index.js';
export * from './models/index.js';
export * from './strategies/index.js';
export * from './similarity/index.js';
export * from './preview/index.js';
export { train, validateTrainSpec } from './training/train.js';
export {
  InvalidTrainSpecError,
  type EpochMetrics,
  type TrainEvent,
  type TrainOptions,
  type TrainSpec,
} from './training/train-spec.js';
export { METRIC, ckaMetric, weightDriftMetric } from './training/metric-names.js';
export { Rng } from './util/rng.js';
