/**
 * Rewiring trained models without copying weights: swapping the classifier,
 * exposing every block's output for CKA, and splitting off the head so the
 * training loop can add dropout before it or train it alone on cached features.
 *
 * Every model returned here shares layers (and therefore weight variables) with
 * the model it came from. tfjs-layers reference-counts layers only per symbolic
 * call, so a model assembled from existing tensors would free the shared weights
 * when disposed; each derived model therefore takes its own reference to every
 * layer it borrows. Dispose derived models when done: the weights are freed once
 * the original and every derived model are disposed.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng } from '../util/rng.js';
import { createHeadLayer } from './architectures.js';
import { HEAD_BLOCK_NAME, type ModelManifest } from './model-manifest.js';

export interface ResolvedHead {
  /** The Dense layer that opens the `head` block. */
  dense: tfl.layers.Layer;
  /** The penultimate features: the head Dense layer's input. */
  features: tfl.SymbolicTensor;
  /** Every layer of the head block, Dense first (trailing ones are weightless, e.g. a softmax). */
  layers: tfl.layers.Layer[];
}

/**
 * Looks up a layer by name with an error that says which model and manifest disagree.
 *
 * @example
 * const conv = findLayer(model, 'conv1_conv');
 */
export function findLayer(model: tfl.LayersModel, name: string): tfl.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) {
    throw new Error(
      `model ${model.name} has no layer ${name} (its layers: ${model.layers.map((l) => l.name).join(', ')})`,
    );
  }
  return layer;
}

/**
 * Checks that the manifest describes this model: every named layer exists, the
 * head block starts with a Dense layer fed by a single tensor, and the model's
 * only output is the head block's output. Returns the head for convenience.
 *
 * @example
 * const { dense, features } = resolveHead(model, manifest);
 */
export function resolveHead(model: tfl.LayersModel, manifest: ModelManifest): ResolvedHead {
  const headBlock = manifest.blocks[manifest.blocks.length - 1];
  if (!headBlock || headBlock.name !== HEAD_BLOCK_NAME) {
    throw new Error(`the manifest's last block must be named ${HEAD_BLOCK_NAME}`);
  }
  for (const block of manifest.blocks) {
    for (const name of block.layerNames) findLayer(model, name);
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(
      `expected a model with one input and one output, got ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const layers = headBlock.layerNames.map((name) => findLayer(model, name));
  const dense = layers[0];
  if (dense.getClassName() !== 'Dense') {
    throw new Error(
      `the head block must start with a Dense layer, but ${dense.name} is a ${dense.getClassName()}`,
    );
  }
  const features = dense.getInputAt(0);
  if (Array.isArray(features)) throw new Error(`head layer ${dense.name} must take a single input`);
  const last = layers[layers.length - 1];
  if (last.getOutputAt(0) !== model.outputs[0]) {
    throw new Error(`the head block must end at the model output, but ${last.name} is not the output layer`);
  }
  return { dense, features, layers };
}

/**
 * A new model that reuses every layer of `model` except the head, which is
 * replaced by a freshly initialised Dense softmax over `classNames` (seeded by
 * `seed`). Body weights are the same variables, not copies: training the new
 * model changes the old one's body too.
 *
 * @example
 * const target = replaceHead(source.model, source.manifest, ['neg', 'pos'], 7);
 * target.manifest.classNames; // ['neg', 'pos']
 */
export function replaceHead(
  model: tfl.LayersModel,
  manifest: ModelManifest,
  classNames: string[],
  seed: number,
): { model: tfl.LayersModel; manifest: ModelManifest } {
  if (classNames.length < 2)
    throw new Error(`a classifier needs at least 2 classes, got ${classNames.length}`);
  const { features } = resolveHead(model, manifest);
  const body = manifest.blocks.slice(0, -1);
  // Imported models may already have a body layer named `head`; layer names must be unique.
  const taken = new Set(body.flatMap((b) => b.layerNames));
  let headName = HEAD_BLOCK_NAME;
  for (let i = 1; taken.has(headName); i++) headName = `${HEAD_BLOCK_NAME}_${i}`;
  const head = createHeadLayer(classNames.length, Rng.fromSeed(seed), headName);
  const output = head.apply(features) as tfl.SymbolicTensor;
  const replaced = tfl.model({ inputs: model.inputs, outputs: output, name: `${model.name}_rehead` });
  retainLayers(replaced, [head]);
  return {
    model: replaced,
    manifest: {
      ...manifest,
      blocks: [
        ...body.map((b) => ({ name: b.name, layerNames: [...b.layerNames] })),
        { name: HEAD_BLOCK_NAME, layerNames: [headName] },
      ],
      inputShape: [...manifest.inputShape],
      classNames: [...classNames],
    },
  };
}

/**
 * A model with one output per block, in manifest order (each the output of the
 * block's last layer), for measuring CKA between a model and its source.
 *
 * @example
 * const probe = blockOutputsModel(model, manifest);
 * const activations = probe.predict(x) as tf.Tensor[]; // activations[i] ↔ manifest.blocks[i]
 */
export function blockOutputsModel(model: tfl.LayersModel, manifest: ModelManifest): tfl.LayersModel {
  resolveHead(model, manifest);
  const outputs = manifest.blocks.map((block) => {
    const last = findLayer(model, block.layerNames[block.layerNames.length - 1]);
    const out = last.getOutputAt(0);
    if (Array.isArray(out))
      throw new Error(`block ${block.name} ends in ${last.name}, which has several outputs`);
    return out;
  });
  const probe = tfl.model({ inputs: model.inputs, outputs, name: `${model.name}_blocks` });
  retainLayers(probe, []);
  return probe;
}

/**
 * Splits the model at the head: `body` maps inputs to the penultimate features
 * and `head` maps features to class probabilities. The training loop applies
 * dropout between them and can train `head` alone on cached body outputs.
 * `head` is the model's own Dense layer when the head block is just that (the
 * case for every built model); for an imported head with trailing weightless
 * layers it is a small LayersModel wrapping them, which is also a Layer.
 *
 * @example
 * const { body, head } = splitAtHead(model, manifest);
 * const probs = head.apply(tf.dropout(body.predict(x) as tf.Tensor, 0.5)) as tf.Tensor;
 */
export function splitAtHead(
  model: tfl.LayersModel,
  manifest: ModelManifest,
): { body: tfl.LayersModel; head: tfl.layers.Layer } {
  const { dense, features, layers } = resolveHead(model, manifest);
  const body = tfl.model({ inputs: model.inputs, outputs: features, name: `${model.name}_body` });
  retainLayers(body, []);
  if (layers.length === 1) return { body, head: dense };
  const featureShape = features.shape.slice(1);
  if (featureShape.some((d) => d === null))
    throw new Error(`head input ${features.name} has an unknown size`);
  const input = tfl.input({ shape: featureShape as number[], name: `${model.name}_features` });
  let x: tfl.SymbolicTensor = input;
  for (const layer of layers) x = layer.apply(x) as tfl.SymbolicTensor;
  return { body, head: tfl.model({ inputs: input, outputs: x, name: `${model.name}_head` }) };
}

/**
 * The weight variables of each block, keyed by block name in manifest order —
 * what strategies freeze and what weight-drift metrics compare.
 *
 * @example
 * const weights = layerWeightsByBlock(model, manifest);
 * weights.get('head')?.map((w) => w.shape); // [[64, 10], [10]]
 */
export function layerWeightsByBlock(
  model: tfl.LayersModel,
  manifest: ModelManifest,
): Map<string, tfl.LayerVariable[]> {
  const result = new Map<string, tfl.LayerVariable[]>();
  for (const block of manifest.blocks) {
    result.set(
      block.name,
      block.layerNames.flatMap((name) => findLayer(model, name).weights),
    );
  }
  return result;
}

/**
 * Takes a reference to every layer of `derived` except `fresh` (layers applied
 * for this model, whose symbolic call already counted), so disposing the derived
 * model cannot free weights its source still uses. `_refCount` is protected in
 * tfjs-layers' typings; this is the only place that touches it.
 */
function retainLayers(derived: tfl.LayersModel, fresh: tfl.layers.Layer[]): void {
  for (const layer of derived.layers) {
    if (fresh.includes(layer) || layer.getClassName() === 'InputLayer') continue;
    const counted = layer as unknown as { _refCount: number | null };
    if (counted._refCount !== null) counted._refCount++;
  }
}
