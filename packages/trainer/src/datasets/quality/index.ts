// Applying and measuring dataset quality: the corruptions, imbalance and the label-noise estimate.
export {
  addNoiseAtSnr,
  bandLimit,
  bandLimitFeatures,
  keptFeatureBands,
  NOMINAL_FEATURE_SAMPLE_RATE,
} from './audio-corruptions.js';
export {
  estimateLabelNoise,
  estimateLabelNoiseFromProbabilities,
  type EstimateLabelNoiseInput,
  type LabelNoiseEstimate,
  type LabelNoiseEstimateResult,
  type LabelNoiseNotEstimable,
} from './estimate-label-noise.js';
export {
  CONTRAST_FACTOR,
  corruptImages,
  corruptionParameter,
  GAUSSIAN_BLUR_SIGMA,
  GAUSSIAN_NOISE_SIGMA,
  gaussianKernel,
  imageGeometry,
  PIXELATE_FACTOR,
  type ImageGeometry,
} from './image-corruptions.js';
export { imbalancedCounts, imbalancedRows } from './imbalance.js';
export { addTypos, CHARACTERS_PER_TOKEN, KEYBOARD_NEIGHBOURS, typoTokenIds } from './text-typos.js';
