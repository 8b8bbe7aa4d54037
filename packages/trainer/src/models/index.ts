/** Model building, saving/loading and surgery for the trainer. */
export {
  ARCHITECTURE_NAMES,
  HEAD_BLOCK_NAME,
  MODEL_MANIFEST_FORMAT,
  isArchitectureName,
  validateManifest,
  type ArchitectureName,
  type ModelBlock,
  type ModelManifest,
} from './model-manifest.js';
export { buildModel, createHeadLayer, type BuildModelOptions, type BuiltModel } from './architectures.js';
export {
  MODEL_JSON_FILE,
  WEIGHTS_FILE,
  inferManifest,
  loadModel,
  saveModel,
  type LoadedModel,
} from './model-io.js';
export {
  blockOutputsModel,
  findLayer,
  layerWeightsByBlock,
  replaceHead,
  resolveHead,
  splitAtHead,
  type ResolvedHead,
} from './model-surgery.js';
