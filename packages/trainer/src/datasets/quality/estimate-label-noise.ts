/**
 * Estimates how noisy a labelled dataset's labels are from a source model's
 * predictions, by confident learning (Northcutt, Jiang & Chuang 2021): the
 * "confident joint" counts, per given label, which class the model is
 * confident each example really is; its off-diagonal share, calibrated to the
 * given labels' counts, is the estimated noise rate. It feeds `auto`
 * (`TrainSpec.evidence.labelNoiseRate`) when a profile declares no rate.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../backend/select-backend.js';
import { loadModel } from '../../models/model-io.js';
import type { ModelManifest } from '../../models/model-manifest.js';
import type { DatasetInfo, LabelledExamples } from '../dataset.js';

export interface LabelNoiseEstimate {
  estimable: true;
  /** Estimated fraction of the examples whose given label is not their true class. */
  rate: number;
  /** Fraction of the examples the model was confident about (the joint counts only those). */
  confidentFraction: number;
  /** Examples looked at. */
  examples: number;
  /** Per given class: estimated fraction of examples with that label that belong to another class. */
  perClass: Record<string, number>;
  method: 'confident-joint';
}

/** Why no estimate could be made, e.g. a source model trained on other classes. */
export interface LabelNoiseNotEstimable {
  estimable: false;
  rate: null;
  reason: string;
}

export type LabelNoiseEstimateResult = LabelNoiseEstimate | LabelNoiseNotEstimable;

export interface EstimateLabelNoiseInput {
  /** The source model: a saved folder, or a loaded model with its manifest. */
  model: string | { model: tfl.LayersModel; manifest: ModelManifest };
  /** The dataset's description (classes and input shape). */
  info: DatasetInfo;
  /** The labelled examples to judge, e.g. the training split. */
  examples: LabelledExamples;
}

const PREDICT_BATCH = 256;

/**
 * Runs the source model over the examples and estimates the label-noise rate
 * (see {@link estimateLabelNoiseFromProbabilities}). The model's classes must
 * be the dataset's (in any order); otherwise its predictions say nothing about
 * the labels and the result is `{ estimable: false, reason }`.
 *
 * @example
 * const data = await withQuality(mnistDataset, { labelNoise: { rate: 0.3, kind: 'symmetric' }, seed: 1 })
 *   .load({ role: 'target', seed: 0 });
 * const estimate = await estimateLabelNoise({ model: 'models/digits', info: data.info, examples: data.train });
 * if (estimate.estimable) console.log(estimate.rate); // ≈ 0.3
 */
export async function estimateLabelNoise(input: EstimateLabelNoiseInput): Promise<LabelNoiseEstimateResult> {
  await selectBackend();
  const loaded = typeof input.model === 'string' ? await loadModel(input.model) : input.model;
  try {
    const { manifest } = loaded;
    const { info, examples } = input;
    const why = incompatibility(manifest, info);
    if (why) return { estimable: false, rate: null, reason: why };
    if (examples.count === 0) return { estimable: false, rate: null, reason: 'there are no examples' };
    const columns = info.classNames.map((name) => manifest.classNames.indexOf(name));
    const probabilities = predict(loaded.model, examples, info.inputShape, columns);
    return estimateLabelNoiseFromProbabilities(probabilities, examples.labels, info.classNames);
  } finally {
    if (typeof input.model === 'string') loaded.model.dispose();
  }
}

function incompatibility(manifest: ModelManifest, info: DatasetInfo): string | undefined {
  const modelClasses = [...manifest.classNames].sort();
  const dataClasses = [...info.classNames].sort();
  if (modelClasses.length !== dataClasses.length || modelClasses.some((c, i) => c !== dataClasses[i])) {
    return (
      `the source model predicts ${describeClasses(manifest.classNames)} but "${info.name}" has ` +
      `${describeClasses(info.classNames)}, so its predictions cannot be compared with the labels`
    );
  }
  const sameShape =
    manifest.inputShape.length === info.inputShape.length &&
    manifest.inputShape.every((d, i) => d === info.inputShape[i]);
  if (!sameShape || manifest.inputDtype !== info.inputDtype) {
    return (
      `the source model takes ${manifest.inputDtype} [${manifest.inputShape}] inputs but ` +
      `"${info.name}" has ${info.inputDtype} [${info.inputShape}]`
    );
  }
  return undefined;
}

function describeClasses(names: readonly string[]): string {
  const shown = names.slice(0, 6).join(', ');
  return `${names.length} classes (${shown}${names.length > 6 ? ', …' : ''})`;
}

/** Class probabilities, count × classes, with columns reordered to the dataset's classes. */
function predict(
  model: tfl.LayersModel,
  examples: LabelledExamples,
  inputShape: number[],
  columns: number[],
): Float32Array {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const classes = columns.length;
  const out = new Float32Array(examples.count * classes);
  const dtype = examples.inputs instanceof Int32Array ? 'int32' : 'float32';
  for (let start = 0; start < examples.count; start += PREDICT_BATCH) {
    const rows = Math.min(PREDICT_BATCH, examples.count - start);
    const batch = tf.tidy(() => {
      const x = tf.tensor(
        examples.inputs.subarray(start * size, (start + rows) * size),
        [rows, ...inputShape],
        dtype,
      );
      return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < classes; c++) out[(start + r) * classes + c] = batch[r * classes + columns[c]];
    }
  }
  return out;
}

/**
 * Confident learning on given probabilities (count × classes, row-major):
 * 1. each class's threshold `t_j` is the mean probability of class j over the
 *    examples labelled j (the model's self-confidence on that class);
 * 2. an example is confidently of class j when `p_j ≥ t_j` (the most probable
 *    such j when several), and counts in the confident joint `C[given][j]`;
 * 3. each row of C is scaled to its given label's count, and the rate is the
 *    off-diagonal share: `Σ_i n_i/n · (1 − C_ii / Σ_j C_ij)`.
 * The thresholds adapt to an under-trained or miscalibrated model; what
 * remains of its own error shows up as a few points of extra "noise".
 *
 * @example
 * estimateLabelNoiseFromProbabilities(new Float32Array([0.9, 0.1, 0.2, 0.8]), Int32Array.from([0, 0]), ['a', 'b']);
 * // { rate: 0.5, … }: the second example looks like a "b" labelled "a"
 */
export function estimateLabelNoiseFromProbabilities(
  probabilities: Float32Array,
  labels: Int32Array,
  classNames: readonly string[],
): LabelNoiseEstimateResult {
  const classes = classNames.length;
  const count = labels.length;
  if (probabilities.length !== count * classes) {
    throw new RangeError(
      `${probabilities.length} probabilities are not ${count} examples × ${classes} classes`,
    );
  }
  const labelled = new Float64Array(classes);
  const thresholds = new Float64Array(classes);
  for (let i = 0; i < count; i++) {
    labelled[labels[i]]++;
    thresholds[labels[i]] += probabilities[i * classes + labels[i]];
  }
  for (let j = 0; j < classes; j++) thresholds[j] = labelled[j] > 0 ? thresholds[j] / labelled[j] : Infinity;

  const joint = Array.from({ length: classes }, () => new Float64Array(classes));
  let confident = 0;
  for (let i = 0; i < count; i++) {
    let best = -1;
    for (let j = 0; j < classes; j++) {
      const p = probabilities[i * classes + j];
      if (p >= thresholds[j] && (best < 0 || p > probabilities[i * classes + best])) best = j;
    }
    if (best < 0) continue;
    joint[labels[i]][best]++;
    confident++;
  }
  if (confident === 0) {
    return {
      estimable: false,
      rate: null,
      reason: 'the source model is confident about none of the examples',
    };
  }
  // Rows without a confident example say nothing; the rest are weighted by their label counts.
  let rate = 0;
  let weight = 0;
  const perClass: Record<string, number> = {};
  joint.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    if (total === 0) return;
    const offDiagonal = 1 - row[i] / total;
    perClass[classNames[i]] = offDiagonal;
    rate += labelled[i] * offDiagonal;
    weight += labelled[i];
  });
  return {
    estimable: true,
    rate: rate / weight,
    confidentFraction: confident / count,
    examples: count,
    perClass,
    method: 'confident-joint',
  };
}
