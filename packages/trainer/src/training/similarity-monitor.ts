import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { linearCka } from '../similarity/linear-cka.js';
import { MinibatchCka } from '../similarity/minibatch-cka.js';
import { argmaxRows, predictionAgreement, weightDrift } from '../similarity/similarity.js';
import { ckaMetric, METRIC, weightDriftMetric } from './metric-names.js';
import type { NamedWeight, TrainingModels } from './model-setup.js';
import type { TrainSpec } from './train-spec.js';

interface Activations {
  data: Float32Array;
  rows: number;
  cols: number;
}

const PREDICT_BATCH = 256;

/** Each block's output on the probe set, flattened to one row per example. */
function blockActivations(blockOutputs: tfl.LayersModel, probe: tf.Tensor): Activations[] {
  return tf.tidy(() => {
    const outputs = blockOutputs.predict(probe, { batchSize: PREDICT_BATCH });
    const list = Array.isArray(outputs) ? outputs : [outputs];
    return list.map((t) => {
      const rows = t.shape[0];
      const cols = t.size / rows;
      return { data: t.dataSync() as Float32Array, rows, cols };
    });
  });
}

function predictions(a: Activations): Int32Array {
  return argmaxRows(a.data, a.rows, a.cols);
}

/**
 * Measures, every epoch, how similar the model being trained still is to its
 * source: linear CKA per block on a fixed probe set (the source's activations
 * are computed once), their mean, relative weight drift per block, and top-1
 * agreement with the source's predictions (only when the head was kept: a new
 * head's classes cannot agree with the old ones).
 */
export class SimilarityMonitor {
  private constructor(
    private readonly models: TrainingModels,
    private readonly probe: tf.Tensor,
    private readonly sourceActivations: Activations[],
    private readonly sourcePredictions: Int32Array | undefined,
    private readonly anchors: Map<string, Float32Array>,
    private readonly options: NonNullable<TrainSpec['similarity']>,
  ) {}

  static create(
    models: TrainingModels,
    probe: tf.Tensor,
    anchors: Map<string, Float32Array>,
    options: TrainSpec['similarity'] = {},
  ): SimilarityMonitor | undefined {
    if (!models.source) return undefined;
    const sourceActivations = blockActivations(models.source.blockOutputs, probe);
    const sourcePredictions = models.headReplaced ? undefined : predictions(sourceActivations.at(-1)!);
    return new SimilarityMonitor(models, probe, sourceActivations, sourcePredictions, anchors, options);
  }

  measure(): Record<string, number> {
    const metrics: Record<string, number> = {};
    const current = blockActivations(this.models.blockOutputs, this.probe);
    const blocks = this.models.manifest.blocks.map((b) => b.name);
    let sum = 0;
    blocks.forEach((block, i) => {
      const cka = this.cka(this.sourceActivations[i], current[i]);
      metrics[ckaMetric(block)] = cka;
      sum += cka;
    });
    metrics[METRIC.ckaMean] = sum / blocks.length;
    for (const [block, drift] of blockWeightDrift(this.models.weights, this.anchors)) {
      metrics[weightDriftMetric(block)] = drift;
    }
    if (this.sourcePredictions) {
      metrics[METRIC.agreement] = predictionAgreement(predictions(current.at(-1)!), this.sourcePredictions);
    }
    return metrics;
  }

  private cka(source: Activations, current: Activations): number {
    const { minibatchSize, debiased } = this.options;
    if (minibatchSize !== undefined) {
      const accumulator = new MinibatchCka({ batchSize: minibatchSize });
      accumulator.add(source, current);
      return accumulator.value();
    }
    return linearCka(source, current, { debiased });
  }
}

/**
 * ‖w − w₀‖ / ‖w₀‖ per block over all its weights, against the weights the
 * fine-tuning started from (the source's, or a new head's initial values).
 */
export function blockWeightDrift(
  weights: NamedWeight[],
  anchors: Map<string, Float32Array>,
): Map<string, number> {
  const byBlock = new Map<string, { current: Float32Array[]; start: Float32Array[] }>();
  for (const weight of weights) {
    const anchor = anchors.get(weight.name);
    if (!anchor) continue;
    const entry = byBlock.get(weight.block) ?? { current: [], start: [] };
    entry.current.push(weight.variable.dataSync() as Float32Array);
    entry.start.push(anchor);
    byBlock.set(weight.block, entry);
  }
  return new Map([...byBlock].map(([block, { current, start }]) => [block, weightDrift(current, start)]));
}
