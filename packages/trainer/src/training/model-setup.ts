import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetInfo } from '../datasets/dataset.js';
import { buildModel } from '../models/architectures.js';
import { loadModel } from '../models/model-io.js';
import type { ModelManifest } from '../models/model-manifest.js';
import { blockOutputsModel, findLayer, replaceHead, splitAtHead } from '../models/model-surgery.js';
import { InvalidTrainSpecError, type TrainSpec } from './train-spec.js';

/** A trainable weight with a name that is stable across processes (for checkpoints and drift). */
export interface NamedWeight {
  /** `<layer>/<weight>`, e.g. `conv1_conv/kernel`. */
  name: string;
  block: string;
  variable: tf.Variable;
}

export interface TrainingModels {
  model: tfl.LayersModel;
  manifest: ModelManifest;
  body: tfl.LayersModel;
  head: tfl.layers.Layer;
  /** Block outputs of the model being trained, for CKA. */
  blockOutputs: tfl.LayersModel;
  weights: NamedWeight[];
  /** The frozen source model, when fine-tuning. */
  source?: { model: tfl.LayersModel; manifest: ModelManifest; blockOutputs: tfl.LayersModel };
  /** True when the target's classes differ from the source's, so the head was replaced. */
  headReplaced: boolean;
  dispose(): void;
}

/**
 * Builds (pretraining) or loads (fine-tuning) the model to train, plus a second,
 * frozen copy of the source to compare against. The head is replaced, freshly
 * initialised from the seed, when the dataset's classes differ from the source's.
 */
export async function prepareModels(
  spec: TrainSpec,
  dataset: DatasetInfo,
  seed: number,
): Promise<TrainingModels> {
  if ('architecture' in spec.source) {
    const built = buildModel({
      architecture: spec.source.architecture,
      inputShape: dataset.inputShape,
      inputDtype: dataset.inputDtype,
      classNames: dataset.classNames,
      vocabularySize: dataset.vocabularySize,
      units: spec.source.units,
      seed,
      datasetName: dataset.name,
    });
    return assemble(built.model, built.manifest, undefined, false);
  }
  const path = spec.source.path;
  const working = await loadModel(path);
  const frozen = await loadModel(path);
  checkCompatible(working.manifest, dataset, path);
  const sameClasses =
    working.manifest.classNames.length === dataset.classNames.length &&
    working.manifest.classNames.every((name, i) => name === dataset.classNames[i]);
  let model = working.model;
  let manifest = working.manifest;
  if (!sameClasses) {
    const replaced = replaceHead(working.model, working.manifest, dataset.classNames, seed + 1);
    model = replaced.model;
    manifest = replaced.manifest;
  }
  const source = {
    model: frozen.model,
    manifest: frozen.manifest,
    blockOutputs: blockOutputsModel(frozen.model, frozen.manifest),
  };
  const assembled = assemble(model, manifest, source, !sameClasses);
  if (!sameClasses) {
    const disposeAssembled = assembled.dispose;
    assembled.dispose = () => {
      disposeAssembled();
      working.model.dispose();
    };
  }
  return assembled;
}

function checkCompatible(manifest: ModelManifest, dataset: DatasetInfo, path: string): void {
  const same =
    manifest.inputShape.length === dataset.inputShape.length &&
    manifest.inputShape.every((d, i) => d === dataset.inputShape[i]);
  if (!same || manifest.inputDtype !== dataset.inputDtype) {
    throw new InvalidTrainSpecError(
      `the source model in ${path} takes ${manifest.inputDtype} inputs of shape [${manifest.inputShape}], ` +
        `but dataset "${dataset.name}" has ${dataset.inputDtype} inputs of shape [${dataset.inputShape}]`,
    );
  }
}

function assemble(
  model: tfl.LayersModel,
  manifest: ModelManifest,
  source: TrainingModels['source'],
  headReplaced: boolean,
): TrainingModels {
  const { body, head } = splitAtHead(model, manifest);
  const blockOutputs = blockOutputsModel(model, manifest);
  const weights: NamedWeight[] = manifest.blocks.flatMap((block) =>
    block.layerNames.flatMap((layerName) =>
      findLayer(model, layerName).weights.map((weight) => ({
        name: weight.originalName,
        block: block.name,
        variable: weight.read() as tf.Variable,
      })),
    ),
  );
  return {
    model,
    manifest,
    body,
    head,
    blockOutputs,
    weights,
    source,
    headReplaced,
    dispose() {
      blockOutputs.dispose();
      body.dispose();
      model.dispose();
      if (source) {
        source.blockOutputs.dispose();
        source.model.dispose();
      }
    },
  };
}

/** Copies every weight's current values (the anchors for drift and L2-SP). */
export function snapshotWeights(weights: NamedWeight[]): Map<string, Float32Array> {
  return new Map(weights.map((w) => [w.name, w.variable.dataSync() as Float32Array]));
}
