/**
 * Running one training through the public `train()` API and keeping what the
 * study reports of it, plus the "source as is" evaluation that `train()`
 * cannot do (it always trains at least one epoch).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  ckaMetric,
  loadModel,
  METRIC,
  selectBackend,
  train,
  type DatasetSource,
  type EpochMetrics,
  type TrainSpec,
} from '../index.js';
import { summarise, type Stat } from './stats.js';

/** One epoch of a run, as the study uses it. */
export interface EpochRecord {
  epoch: number;
  /** Accuracy on the validation split's true labels. */
  cleanAccuracy: number;
  /** Accuracy on the validation labels as given (noisy where the scenario adds label noise). */
  accuracy: number;
  /** Linear CKA to the source per block (absent when training from scratch). */
  cka: Record<string, number>;
  ckaMean?: number;
}

export interface RunRecord {
  seed: number;
  learningRate: number;
  blocks: string[];
  trainExamples: number;
  validationExamples: number;
  epochs: EpochRecord[];
  /** The epoch with the highest accuracy on the validation labels as given (the earliest on ties). */
  bestEpoch: number;
  seconds: number;
}

/** Writes one line of progress to stderr, prefixed with the time since the study started. */
export type Progress = (line: string) => void;

export function progressLogger(start = performance.now(), write = (s: string) => process.stderr.write(s)) {
  return (line: string) => {
    const seconds = Math.round((performance.now() - start) / 1000);
    const stamp = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    write(`[study ${stamp}] ${line}\n`);
  };
}

/** The learning rate a JSON strategy asks for (the trainer's default when it names none). */
function rateOf(strategy: Record<string, unknown>): number {
  return typeof strategy.learningRate === 'number' ? strategy.learningRate : 1e-3;
}

/**
 * Runs `train(spec)` to the end and returns its epochs; throws with the
 * trainer's message when the run fails or ends without finishing.
 */
export async function runTraining(spec: TrainSpec, label: string, progress?: Progress): Promise<RunRecord> {
  const start = performance.now();
  const epochs: EpochRecord[] = [];
  let blocks: string[] = [];
  let trainExamples = 0;
  let validationExamples = 0;
  let finished = false;
  for await (const event of train(spec)) {
    if (event.type === 'started') {
      blocks = event.blocks;
      trainExamples = event.trainExamples;
      validationExamples = event.validationExamples;
    } else if (event.type === 'epoch') {
      epochs.push(epochRecord(event.epoch, event.metrics, blocks));
    } else if (event.type === 'failed') {
      throw new Error(`${label}: training failed (${event.code}): ${event.error}`);
    } else if (event.type === 'finished') {
      if (event.status !== 'completed') throw new Error(`${label}: training ended ${event.status}`);
      finished = true;
    }
  }
  if (!finished || epochs.length === 0) throw new Error(`${label}: training stopped without finishing`);
  let bestEpoch = epochs[0];
  for (const record of epochs) if (record.accuracy > bestEpoch.accuracy) bestEpoch = record;
  const seconds = (performance.now() - start) / 1000;
  const last = epochs.at(-1)!;
  progress?.(
    `${label}: ${epochs.length} epochs, ${trainExamples} examples, clean accuracy ${last.cleanAccuracy.toFixed(3)} ` +
      `(best epoch ${bestEpoch.epoch}: ${bestEpoch.cleanAccuracy.toFixed(3)})` +
      (last.ckaMean !== undefined ? `, CKA mean ${last.ckaMean.toFixed(3)}` : '') +
      ` in ${seconds.toFixed(1)} s`,
  );
  return {
    seed: spec.seed ?? 0,
    learningRate: rateOf(spec.strategy as Record<string, unknown>),
    blocks,
    trainExamples,
    validationExamples,
    epochs,
    bestEpoch: bestEpoch.epoch,
    seconds,
  };
}

function epochRecord(epoch: number, metrics: EpochMetrics, blocks: string[]): EpochRecord {
  const number = (key: string) => {
    const value = metrics[key];
    return typeof value === 'number' ? value : undefined;
  };
  const cka: Record<string, number> = {};
  for (const block of blocks) {
    const value = number(ckaMetric(block));
    if (value !== undefined) cka[block] = value;
  }
  return {
    epoch,
    cleanAccuracy: number(METRIC.valAccuracyClean) ?? NaN,
    accuracy: number(METRIC.valAccuracy) ?? NaN,
    cka,
    ckaMean: number(METRIC.ckaMean),
  };
}

/**
 * Accuracy of a saved model, unchanged, on the true labels of the validation
 * split `train()` would use for the same dataset and options (same seed: same
 * split). Only for a target with the model's own classes.
 */
export async function evaluateSource(
  modelPath: string,
  dataset: DatasetSource,
  options: { seed: number; limit?: number; probeSize?: number },
): Promise<number> {
  await selectBackend();
  const data = await dataset.load({ role: 'target', ...options });
  const { model, manifest } = await loadModel(modelPath);
  try {
    const classes = data.info.classNames;
    if (manifest.classNames.join('\u0000') !== classes.join('\u0000')) {
      throw new Error(
        `the source model's classes (${manifest.classNames.join(', ')}) are not the target's (${classes.join(', ')})`,
      );
    }
    const { validation } = data;
    const dtype = validation.inputs instanceof Int32Array ? 'int32' : 'float32';
    const predicted = tf.tidy(() => {
      const inputs = tf.tensor(validation.inputs, [validation.count, ...data.info.inputShape], dtype);
      const probabilities = model.predict(inputs, { batchSize: 256 }) as tf.Tensor;
      return tf.argMax(probabilities, 1).dataSync() as Int32Array;
    });
    let correct = 0;
    for (let i = 0; i < validation.count; i++) if (predicted[i] === validation.cleanLabels[i]) correct++;
    return correct / validation.count;
  } finally {
    model.dispose();
  }
}

/** What a table row reports about one arm over seeds. */
export interface ArmSummary {
  lastClean: Stat;
  bestClean: Stat;
  bestEpoch: Stat;
  /** Per seed: clean accuracy at the best epoch minus at the last (memorisation shows as > 0). */
  bestMinusLast: Stat;
  ckaMean?: Stat;
  cka: Record<string, Stat>;
}

/** Mean ± std over seeds of a list of runs of one arm. */
export function summariseRuns(runs: readonly RunRecord[]): ArmSummary {
  const last = runs.map((run) => run.epochs.at(-1)!);
  const best = runs.map((run) => run.epochs.find((e) => e.epoch === run.bestEpoch)!);
  const blocks = runs[0]?.blocks ?? [];
  const cka: Record<string, Stat> = {};
  for (const block of blocks) {
    const values = last.map((e) => e.cka[block]).filter((v): v is number => v !== undefined);
    if (values.length === last.length && values.length > 0) cka[block] = summarise(values);
  }
  const ckaMeans = last.map((e) => e.ckaMean).filter((v): v is number => v !== undefined);
  return {
    lastClean: summarise(last.map((e) => e.cleanAccuracy)),
    bestClean: summarise(best.map((e) => e.cleanAccuracy)),
    bestEpoch: summarise(runs.map((run) => run.bestEpoch)),
    bestMinusLast: summarise(best.map((e, i) => e.cleanAccuracy - last[i].cleanAccuracy)),
    ...(ckaMeans.length === last.length && ckaMeans.length > 0 ? { ckaMean: summarise(ckaMeans) } : {}),
    cka,
  };
}
