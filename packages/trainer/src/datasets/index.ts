// The datasets folder's public API: the contract types, the built-in sources,
// the registry, and the split/copy helpers new sources can reuse.
export type {
  DatasetInfo,
  DatasetRole,
  DatasetSource,
  LabelledExamples,
  LoadDatasetOptions,
  MaterialisedDataset,
  Modality,
} from './dataset.js';
export {
  DEFAULT_PROBE_SIZE,
  DEFAULT_VALIDATION_FRACTION,
  gatherExamples,
  materialiseRole,
  resolveLoadOptions,
  splitRole,
  type ExamplePool,
  type ResolvedLoadOptions,
  type RoleSplit,
} from './materialise.js';
export {
  MNIST_EXAMPLE_COUNT,
  MNIST_IMAGE_SIDE,
  MNIST_PIXELS,
  loadMnistDigits,
  mnistDataset,
  mnistRoleExampleIds,
  type MnistDigits,
} from './mnist.js';
export {
  getDataset,
  listDatasets,
  registerDataset,
  unregisterDataset,
  type RegisterDatasetOptions,
} from './registry.js';
export {
  createSyntheticAudioDataset,
  createSyntheticImageDataset,
  createSyntheticTextDataset,
  type SyntheticDatasetOptions,
} from './synthetic.js';
export {
  CORRUPTION_KINDS,
  InvalidQualitySpecError,
  LABEL_NOISE_KINDS,
  parseQualitySpec,
  type QualitySpec,
} from './quality-spec.js';
export { addLabelNoise, withQuality } from './degrade.js';
