import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../backend/select-backend.js';
import type { DatasetSource, MaterialisedDataset } from '../datasets/dataset.js';
import { getDataset } from '../datasets/registry.js';
import { HEAD_BLOCK_NAME } from '../models/model-manifest.js';
import { saveModel } from '../models/model-io.js';
import { resolveAutoStrategy } from '../strategies/auto-strategy.js';
import { InvalidStrategyError, parseStrategy, type StrategySpec } from '../strategies/strategy-spec.js';
import {
  learningRateScale,
  trainableBlocks,
  validateStrategyForBlocks,
} from '../strategies/trainable-blocks.js';
import { Rng } from '../util/rng.js';
import { BlockwiseOptimizer, type OptimizedWeight } from './blockwise-optimizer.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { evaluate, examplesTensor } from './evaluation.js';
import { strategyLoss } from './losses.js';
import { METRIC } from './metric-names.js';
import { prepareModels, snapshotWeights, type TrainingModels } from './model-setup.js';
import { SimilarityMonitor } from './similarity-monitor.js';
import {
  InvalidTrainSpecError,
  type EpochMetrics,
  type TrainEvent,
  type TrainOptions,
  type TrainSpec,
} from './train-spec.js';

/**
 * Trains a model and reports progress as an async iterable of plain events:
 * `started`, one `epoch` per epoch (DESIGN.md's metric names), `checkpoint`
 * when one is written, then `finished` — or `failed` with a message a person
 * can act on. Aborting `signal` stops before the next batch and finishes with
 * status `cancelled`, keeping every completed epoch. With `checkpoint.dir`, a
 * run that finds a checkpoint of itself there resumes from it and ends exactly
 * as an uninterrupted run would.
 *
 * @example
 * for await (const event of train({ source: { path: 'models/mnist' }, dataset: 'mnist',
 *   strategy: { kind: 'last-k', k: 1 }, seed: 1 })) {
 *   if (event.type === 'epoch') console.log(event.epoch, event.metrics['similarity/cka_mean']);
 * }
 */
export async function* train(spec: TrainSpec, options: TrainOptions = {}): AsyncGenerator<TrainEvent> {
  let run: PreparedRun | undefined;
  try {
    run = await prepareRun(spec);
  } catch (error) {
    yield failure(error);
    return;
  }
  try {
    yield* runEpochs(run, spec, options);
  } catch (error) {
    yield failure(error);
  } finally {
    run.dispose();
  }
}

/**
 * Checks a spec without training: the strategy, the dataset, the source model
 * and the strategy's block names against it. Throws `InvalidTrainSpecError`.
 */
export async function validateTrainSpec(spec: TrainSpec): Promise<void> {
  const run = await prepareRun(spec);
  run.dispose();
}

function failure(error: unknown): TrainEvent {
  const invalid = error instanceof InvalidTrainSpecError || error instanceof InvalidStrategyError;
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'failed', error: message, code: invalid ? 'INVALID_INPUT' : 'TRAINING_ERROR' };
}

interface PreparedRun {
  backend: string;
  mode: 'pretrain' | 'finetune';
  strategy: StrategySpec;
  strategyReason: string;
  data: MaterialisedDataset;
  models: TrainingModels;
  seed: number;
  fingerprint: string;
  dispose(): void;
}

async function prepareRun(spec: TrainSpec): Promise<PreparedRun> {
  const backend = await selectBackend();
  const parsed = parseStrategy(spec.strategy);
  const seed = spec.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0)
    throw new InvalidTrainSpecError(`seed must be a whole number ≥ 0, got ${seed}`);
  if (spec.limit !== undefined && (!Number.isInteger(spec.limit) || spec.limit < 1)) {
    throw new InvalidTrainSpecError(`limit must be a whole number ≥ 1, got ${spec.limit}`);
  }
  const pretraining = 'architecture' in spec.source;
  const source = resolveDataset(spec.dataset);
  const data = await source.load({
    role: spec.datasetRole ?? (pretraining ? 'source' : 'target'),
    seed,
    limit: spec.limit,
    probeSize: spec.probeSize,
  });
  const models = await prepareModels(spec, data.info, seed).catch((error: unknown) => {
    if (error instanceof InvalidTrainSpecError) throw error;
    throw new InvalidTrainSpecError(error instanceof Error ? error.message : String(error));
  });
  try {
    const { strategy, reason } = resolveAutoStrategy(parsed, {
      examplesPerClass: data.train.count / data.info.classNames.length,
      ...spec.evidence,
    });
    validateStrategyForBlocks(
      strategy,
      models.manifest.blocks.map((b) => b.name),
    );
    const fingerprint = JSON.stringify({
      source: spec.source,
      dataset: source.fingerprint ?? data.info.name,
      role: spec.datasetRole,
      strategy,
      seed,
      limit: spec.limit,
      probeSize: spec.probeSize,
    });
    return {
      backend: backend.name,
      mode: pretraining ? 'pretrain' : 'finetune',
      strategy,
      strategyReason: reason,
      data,
      models,
      seed,
      fingerprint,
      dispose: () => models.dispose(),
    };
  } catch (error) {
    models.dispose();
    throw error;
  }
}

function resolveDataset(dataset: string | DatasetSource): DatasetSource {
  if (typeof dataset !== 'string') return dataset;
  try {
    return getDataset(dataset);
  } catch (error) {
    throw new InvalidTrainSpecError(error instanceof Error ? error.message : String(error));
  }
}

/** Yields to the event loop so an abort (or any other event) can land between batches. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function* runEpochs(
  run: PreparedRun,
  spec: TrainSpec,
  options: TrainOptions,
): AsyncGenerator<TrainEvent> {
  const clock = options.clock ?? (() => performance.now());
  const { strategy, data, models } = run;
  const blockNames = models.manifest.blocks.map((b) => b.name);
  const classes = data.info.classNames.length;
  const anchors = snapshotWeights(models.weights);
  const tensors = {
    train: examplesTensor(data.train, data.info.inputShape),
    validation: examplesTensor(data.validation, data.info.inputShape),
    probe: examplesTensor(data.probe, data.info.inputShape),
  };
  const anchorTensors = new Map(
    models.weights.map((w) => [w.name, tf.tensor(anchors.get(w.name)!, w.variable.shape)] as const),
  );
  const optimizer = new BlockwiseOptimizer(strategy);
  const allWeights: OptimizedWeight[] = models.weights.map((w) => ({
    name: w.name,
    variable: w.variable,
    learningRateScale: learningRateScale(strategy, blockNames, w.block),
  }));
  try {
    const monitor = SimilarityMonitor.create(models, tensors.probe, anchors, spec.similarity);
    let rng = Rng.fromSeed(run.seed);
    let startEpoch = 1;
    const stopping: Checkpoint['earlyStopping'] = { best: null, bestEpoch: 0, epochsWithoutImprovement: 0 };
    const saved = spec.checkpoint ? await readCheckpoint(spec.checkpoint.dir) : undefined;
    if (saved) {
      if (saved.fingerprint !== run.fingerprint) {
        throw new InvalidTrainSpecError(
          `the checkpoint in ${spec.checkpoint!.dir} belongs to a different run; use an empty folder for a new run`,
        );
      }
      for (const w of models.weights) {
        const values = saved.weights[w.name];
        if (values) w.variable.assign(tf.tensor(values, w.variable.shape));
      }
      optimizer.restore(saved.optimizer, allWeights);
      rng = Rng.fromState(saved.rngState);
      startEpoch = saved.epoch + 1;
      Object.assign(stopping, saved.earlyStopping);
    }
    yield {
      type: 'started',
      backend: run.backend,
      mode: run.mode,
      strategy,
      strategyReason: run.strategyReason,
      blocks: blockNames,
      dataset: data.info,
      trainExamples: data.train.count,
      validationExamples: data.validation.count,
      probeExamples: data.probe.count,
      epochs: strategy.epochs,
      startEpoch,
      ...(data.realisedNoiseRate === undefined ? {} : { realisedNoiseRate: data.realisedNoiseRate }),
    };
    let lastMetrics: EpochMetrics = {};
    let completed = startEpoch - 1;
    let status: 'completed' | 'early-stopped' | 'cancelled' = 'completed';
    const featureShape = models.body.outputs[0].shape.slice(1) as number[];
    for (let epoch = startEpoch; epoch <= strategy.epochs; epoch++) {
      const epochStart = clock();
      const tuned = trainableBlocks(strategy, blockNames, epoch);
      const weights = allWeights.filter((_, i) => tuned.has(models.weights[i].block));
      const variables = weights.map((w) => w.variable);
      const order = rng.shuffle([...Array(data.train.count).keys()]);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let start = 0; start < order.length; start += strategy.batchSize) {
        await nextTick();
        if (options.signal?.aborted) {
          status = 'cancelled';
          break;
        }
        const indices = Int32Array.from(order.slice(start, start + strategy.batchSize));
        const mask =
          strategy.dropout > 0 ? dropoutMask(rng, indices.length, featureShape, strategy.dropout) : undefined;
        const step = tf.tidy(() => {
          const labels = tf.tensor1d(
            indices.map((i) => data.train.labels[i]),
            'int32',
          );
          const x = tf.gather(tensors.train, tf.tensor1d(indices, 'int32'));
          const oneHot = tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
          let hits: tf.Tensor | undefined;
          const { value, grads } = tf.variableGrads(() => {
            let features = models.body.apply(x, { training: true }) as tf.Tensor;
            if (mask) features = tf.mul(features, tf.tensor(mask, features.shape));
            const probabilities = models.head.apply(features) as tf.Tensor2D;
            hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), labels), 'float32')));
            let loss: tf.Scalar = strategyLoss(strategy, probabilities, oneHot);
            const penalty = l2spPenalty(strategy, weights, models, anchorTensors);
            if (penalty) loss = tf.add(loss, penalty);
            return loss;
          }, variables);
          optimizer.apply(weights, grads);
          const result = { loss: value.dataSync()[0], hits: hits!.dataSync()[0] };
          hits!.dispose();
          return result;
        });
        options.onBatch?.({
          epoch,
          batch: start / strategy.batchSize + 1,
          batches: Math.ceil(order.length / strategy.batchSize),
        });
        lossSum += step.loss * indices.length;
        correct += step.hits;
        seen += indices.length;
      }
      if (status === 'cancelled') break;
      const trainMs = clock() - epochStart;
      const metrics: EpochMetrics = {
        [METRIC.trainLoss]: lossSum / seen,
        [METRIC.trainAccuracy]: correct / seen,
        ...evaluate(models.model, tensors.validation, data.validation),
        ...(monitor?.measure() ?? {}),
      };
      metrics[METRIC.samplesPerSec] = seen / Math.max(trainMs / 1000, 1e-9);
      metrics[METRIC.epochMs] = clock() - epochStart;
      metrics[METRIC.backend] = run.backend;
      lastMetrics = metrics;
      completed = epoch;
      yield { type: 'epoch', epoch, metrics };
      const stop = updateEarlyStopping(strategy, stopping, metrics, epoch);
      if (
        spec.checkpoint &&
        (epoch % (spec.checkpoint.everyEpochs ?? 1) === 0 || epoch === strategy.epochs || stop)
      ) {
        const path = await writeCheckpoint(spec.checkpoint.dir, {
          epoch,
          fingerprint: run.fingerprint,
          rngState: rng.state(),
          earlyStopping: { ...stopping },
          weights: Object.fromEntries(snapshotWeights(models.weights)),
          optimizer: await optimizer.state(),
        });
        yield { type: 'checkpoint', epoch, path };
      }
      if (stop) {
        status = 'early-stopped';
        break;
      }
    }
    let modelPath: string | undefined;
    if (spec.saveTo && status !== 'cancelled') {
      await saveModel(spec.saveTo, models.model, { ...models.manifest, datasetName: data.info.name });
      modelPath = spec.saveTo;
    }
    yield {
      type: 'finished',
      status,
      epochsCompleted: completed,
      bestEpoch: stopping.bestEpoch || completed,
      metrics: lastMetrics,
      ...(modelPath ? { modelPath } : {}),
    };
  } finally {
    optimizer.dispose();
    tf.dispose([tensors.train, tensors.validation, tensors.probe, ...anchorTensors.values()]);
  }
}

/** Inverted dropout: keep with probability 1 − rate and scale by 1/(1 − rate), drawn from the run's RNG. */
function dropoutMask(rng: Rng, rows: number, featureShape: number[], rate: number): Float32Array {
  const size = rows * featureShape.reduce((a, b) => a * b, 1);
  const mask = new Float32Array(size);
  const scale = 1 / (1 - rate);
  for (let i = 0; i < size; i++) mask[i] = rng.next() < rate ? 0 : scale;
  return mask;
}

/**
 * L2-SP (Li et al. 2018): α/2·‖w − w₀‖² on tuned source weights, pulling them
 * toward the source, and β/2·‖w‖² on a newly initialised head.
 */
function l2spPenalty(
  strategy: StrategySpec,
  weights: OptimizedWeight[],
  models: TrainingModels,
  anchors: Map<string, tf.Tensor>,
): tf.Scalar | undefined {
  const { alpha, beta } = strategy.l2sp;
  if (alpha === 0 && beta === 0) return undefined;
  const blockOf = new Map(models.weights.map((w) => [w.name, w.block]));
  let total: tf.Scalar = tf.scalar(0);
  for (const w of weights) {
    const isNewHead = models.headReplaced && blockOf.get(w.name) === HEAD_BLOCK_NAME;
    if (isNewHead && beta > 0) total = tf.add(total, tf.mul(tf.sum(tf.square(w.variable)), beta / 2));
    if (!isNewHead && alpha > 0) {
      total = tf.add(total, tf.mul(tf.sum(tf.square(tf.sub(w.variable, anchors.get(w.name)!))), alpha / 2));
    }
  }
  return total;
}

/** Records the epoch's monitored metric; true when patience has run out. */
function updateEarlyStopping(
  strategy: StrategySpec,
  state: Checkpoint['earlyStopping'],
  metrics: EpochMetrics,
  epoch: number,
): boolean {
  const rule = strategy.earlyStopping;
  const value = metrics[rule?.metric ?? METRIC.valLoss] as number;
  const higherIsBetter = rule?.metric === METRIC.valAccuracy;
  const improved =
    state.best === null ||
    (higherIsBetter
      ? value > state.best + (rule?.minDelta ?? 0)
      : value < state.best - (rule?.minDelta ?? 0));
  if (improved) {
    state.best = value;
    state.bestEpoch = epoch;
    state.epochsWithoutImprovement = 0;
  } else {
    state.epochsWithoutImprovement++;
  }
  return rule !== undefined && state.epochsWithoutImprovement >= rule.patience;
}
