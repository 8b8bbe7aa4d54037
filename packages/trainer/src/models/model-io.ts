/**
 * Saving and loading models as standard TensorFlow.js LayersModel folders
 * (`model.json` + `weights.bin`), the format `tf.loadLayersModel` reads in a
 * browser. The pure-JS tfjs has no `file://` handler without tfjs-node, so both
 * directions go through small IOHandlers over `fs`. The driftboard manifest rides
 * in `userDefinedMetadata.driftboard`; folders without one (a compatible model a
 * user brings) get a manifest inferred from their layers.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  HEAD_BLOCK_NAME,
  MODEL_MANIFEST_FORMAT,
  validateManifest,
  type ModelBlock,
  type ModelManifest,
} from './model-manifest.js';
import { resolveHead } from './model-surgery.js';

/** The file names of a saved model folder. */
export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Where the manifest lives inside `model.json`'s `userDefinedMetadata`. */
const METADATA_KEY = 'driftboard';

export interface LoadedModel {
  model: tfl.LayersModel;
  manifest: ModelManifest;
}

/**
 * Writes `model` to `dir` (created if needed) as `model.json` + `weights.bin`,
 * with `manifest` in `userDefinedMetadata.driftboard`. Weights are written as
 * raw float32, so a load gives back bit-identical values.
 *
 * @example
 * await saveModel('runs/42/model', model, manifest);
 * const again = await loadModel('runs/42/model');
 */
export async function saveModel(dir: string, model: tfl.LayersModel, manifest: ModelManifest): Promise<void> {
  validateManifest(manifest, `manifest for ${dir}`);
  resolveHead(model, manifest);
  await fs.mkdir(dir, { recursive: true });
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
      throw new Error('tfjs-layers produced no weights to save');
    }
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology as object,
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      userDefinedMetadata: {
        ...(artifacts.userDefinedMetadata ?? {}),
        [METADATA_KEY]: manifest as unknown as object,
      },
    };
    // Weights first, model.json last via rename: a folder with a model.json is complete.
    await writeAtomically(path.join(dir, WEIGHTS_FILE), weights);
    await writeAtomically(path.join(dir, MODEL_JSON_FILE), JSON.stringify(modelJson));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
  await model.save(handler);
}

/**
 * Loads a LayersModel folder. With a driftboard manifest the manifest is checked
 * against the model; without one it is inferred: architecture `imported`, each
 * layer with weights opens a block named after it, weightless layers (pooling,
 * flatten, activation) join the block before them, the last weighted layer — a
 * Dense softmax — becomes `head`, and classes are named '0'..'n-1'.
 *
 * @example
 * const { model, manifest } = await loadModel('models/mnist-source');
 * manifest.blocks.at(-1)?.name; // 'head'
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const modelJson = await readModelJson(dir);
  const handler: tf.io.IOHandler = {
    load: () => tf.io.getModelArtifactsForJSON(modelJson, (manifest) => readWeights(dir, manifest)),
  };
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(handler);
  } catch (error) {
    throw new Error(
      `could not load the model in ${dir}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const stored = modelJson.userDefinedMetadata?.[METADATA_KEY];
    const manifest =
      stored === undefined
        ? inferManifest(model)
        : checkManifestAgainstModel(model, validateManifest(stored, `manifest in ${dir}`));
    return { model, manifest };
  } catch (error) {
    model.dispose();
    throw new Error(
      `the model in ${dir} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The manifest for a LayersModel that has none (see `loadModel`).
 *
 * @example
 * const manifest = inferManifest(await tfl.loadLayersModel(handler));
 */
export function inferManifest(model: tfl.LayersModel): ModelManifest {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const blocks: ModelBlock[] = [];
  const leading: string[] = [];
  for (const layer of layers) {
    if (layer.weights.length > 0) {
      // Weightless layers before the first weighted one (a reshape, a rescaling) open the first block.
      blocks.push({
        name: layer.name,
        layerNames: blocks.length === 0 ? [...leading, layer.name] : [layer.name],
      });
    } else if (blocks.length > 0) {
      blocks[blocks.length - 1].layerNames.push(layer.name);
    } else {
      leading.push(layer.name);
    }
  }
  if (blocks.length === 0) throw new Error('the model has no layers with weights');
  const head = blocks[blocks.length - 1];
  const headLayer = layers.find((l) => l.name === head.layerNames[0]) as tfl.layers.Layer;
  if (headLayer.getClassName() !== 'Dense') {
    throw new Error(
      `its last layer with weights, ${headLayer.name}, is a ${headLayer.getClassName()}; ` +
        'the classifier head must be a Dense layer',
    );
  }
  head.name = HEAD_BLOCK_NAME;
  // A body layer literally named `head` would collide with the head block's name.
  for (const block of blocks.slice(0, -1))
    if (block.name === HEAD_BLOCK_NAME) block.name = `${HEAD_BLOCK_NAME}_body`;
  if (
    !endsInSoftmax(head.layerNames.map((name) => layers.find((l) => l.name === name) as tfl.layers.Layer))
  ) {
    throw new Error(
      `its head ${headLayer.name} does not end in a softmax; the trainer needs class probabilities ` +
        `(give the last Dense layer activation 'softmax')`,
    );
  }
  const input = model.inputs[0];
  if (model.inputs.length !== 1) throw new Error(`it has ${model.inputs.length} inputs; one is supported`);
  const inputShape = input.shape.slice(1);
  if (!inputShape.every((d): d is number => typeof d === 'number')) {
    throw new Error(`its input shape [${input.shape.slice(1).join(', ')}] has unknown sizes; fix every size`);
  }
  if (input.dtype !== 'float32' && input.dtype !== 'int32') {
    throw new Error(`its input dtype is ${input.dtype}; float32 or int32 is supported`);
  }
  const units = (headLayer.getConfig() as { units: number }).units;
  const manifest: ModelManifest = {
    format: MODEL_MANIFEST_FORMAT,
    architecture: 'imported',
    blocks,
    inputShape,
    inputDtype: input.dtype,
    classNames: Array.from({ length: units }, (_, i) => String(i)),
  };
  const embedding = layers.find((l) => l.getClassName() === 'Embedding');
  if (embedding) manifest.vocabularySize = (embedding.getConfig() as { inputDim: number }).inputDim;
  resolveHead(model, manifest);
  return manifest;
}

function endsInSoftmax(headLayers: tfl.layers.Layer[]): boolean {
  return headLayers.some((layer) => {
    const config = layer.getConfig() as { activation?: unknown };
    return config.activation === 'softmax' || layer.getClassName() === 'Softmax';
  });
}

function checkManifestAgainstModel(model: tfl.LayersModel, manifest: ModelManifest): ModelManifest {
  const { dense } = resolveHead(model, manifest);
  const units = (dense.getConfig() as { units: number }).units;
  if (units !== manifest.classNames.length) {
    throw new Error(
      `the manifest names ${manifest.classNames.length} classes but the head has ${units} units`,
    );
  }
  const inputShape = model.inputs[0].shape.slice(1);
  if (inputShape.join(',') !== manifest.inputShape.join(',')) {
    throw new Error(
      `the manifest says inputShape [${manifest.inputShape.join(', ')}] but the model takes [${inputShape.join(', ')}]`,
    );
  }
  return manifest;
}

async function readModelJson(dir: string): Promise<tf.io.ModelJSON> {
  const file = path.join(dir, MODEL_JSON_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const folderExists = await fs.stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      throw new Error(`no ${MODEL_JSON_FILE} in ${dir}${folderExists ? '' : ' (the folder does not exist)'}`);
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} is not a TensorFlow.js model (not a JSON object)`);
  }
  const json = parsed as Partial<tf.io.ModelJSON>;
  if (json.format === 'graph-model') {
    throw new Error(`${file} is a graph model; only LayersModels (format 'layers-model') can be fine-tuned`);
  }
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new Error(`${file} has no modelTopology`);
  }
  if (!Array.isArray(json.weightsManifest)) throw new Error(`${file} has no weightsManifest`);
  return json as tf.io.ModelJSON;
}

/** Reads every weight file the manifest lists, in order, as tfjs's own loaders do. */
async function readWeights(
  dir: string,
  groups: tf.io.WeightsManifestConfig,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const specs = groups.flatMap((group) => group.weights);
  const buffers: ArrayBuffer[] = [];
  const root = path.resolve(dir);
  for (const relative of groups.flatMap((group) => group.paths)) {
    const file = path.resolve(root, relative);
    // The paths come from a file a user may have been sent; keep reads inside the folder.
    if (path.relative(root, file).startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`weights path ${relative} points outside ${dir}`);
    }
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch {
      throw new Error(`${MODEL_JSON_FILE} in ${dir} lists weights file ${relative}, which cannot be read`);
    }
    buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  const data = tf.io.CompositeArrayBuffer.join(buffers);
  const expected = expectedWeightBytes(specs);
  if (expected !== undefined && expected !== data.byteLength) {
    throw new Error(
      `the weight files in ${dir} hold ${data.byteLength} bytes but ${MODEL_JSON_FILE} describes ${expected}`,
    );
  }
  return [specs, data];
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Total bytes the specs describe, or undefined when a dtype (string) has no fixed size. */
function expectedWeightBytes(specs: tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = BYTES_PER_ELEMENT[dtype];
    if (bytes === undefined) return undefined;
    total += bytes * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, file);
}
