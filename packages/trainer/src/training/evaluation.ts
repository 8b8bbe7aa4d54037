import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LabelledExamples } from '../datasets/dataset.js';
import { METRIC } from './metric-names.js';

const PREDICT_BATCH = 256;
const EPSILON = 1e-7;

/**
 * Validation metrics: cross-entropy and accuracy against the labels given
 * (possibly noisy), and accuracy against the true labels.
 */
export function evaluate(
  model: tfl.LayersModel,
  inputs: tf.Tensor,
  examples: LabelledExamples,
): Record<string, number> {
  const probabilities = tf.tidy(() => {
    const out = model.predict(inputs, { batchSize: PREDICT_BATCH }) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
  const classes = probabilities.length / examples.count;
  let loss = 0;
  let correct = 0;
  let correctClean = 0;
  for (let i = 0; i < examples.count; i++) {
    const row = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[row + c] > probabilities[row + best]) best = c;
    if (best === examples.labels[i]) correct++;
    if (best === examples.cleanLabels[i]) correctClean++;
    loss -= Math.log(Math.max(probabilities[row + examples.labels[i]], EPSILON));
  }
  return {
    [METRIC.valLoss]: loss / examples.count,
    [METRIC.valAccuracy]: correct / examples.count,
    [METRIC.valAccuracyClean]: correctClean / examples.count,
  };
}

/** All examples of a split as one tensor of the dataset's input shape. */
export function examplesTensor(examples: LabelledExamples, inputShape: number[]): tf.Tensor {
  const dtype = examples.inputs instanceof Int32Array ? 'int32' : 'float32';
  return tf.tensor(examples.inputs, [examples.count, ...inputShape], dtype);
}
