/**
 * The three training workloads of the benchmark, each stepped exactly the way
 * `train()` steps a batch (see training/train.ts): gather the batch, apply
 * body then head with `training: true`, `strategyLoss`, `tf.variableGrads`,
 * `BlockwiseOptimizer.apply`, then read loss and hits back with `dataSync`.
 * Copying the step rather than calling `train()` keeps epoch-level work
 * (validation, CKA monitoring, checkpoints) out of the throughput figure.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { getDataset } from '../datasets/registry.js';
import { buildModel, createHeadLayer } from '../models/architectures.js';
import { splitAtHead } from '../models/model-surgery.js';
import { parseStrategy, type StrategySpec } from '../strategies/strategy-spec.js';
import { BlockwiseOptimizer, type OptimizedWeight } from '../training/blockwise-optimizer.js';
import { strategyLoss } from '../training/losses.js';
import { Rng } from '../util/rng.js';

export type WorkloadName = 'cnn' | 'lstm' | 'mlp';

export const WORKLOAD_NAMES: readonly WorkloadName[] = ['cnn', 'lstm', 'mlp'];

/** Batch size on both sides: the strategy default, and what the peer script uses. */
export const BENCH_BATCH_SIZE = 64;

/** What one `step()` read back, as train.ts does every batch. */
export interface StepResult {
  loss: number;
  hits: number;
}

export interface PreparedWorkload {
  name: WorkloadName;
  /** For the table and logs. */
  description: string;
  /** Where the batches come from. */
  data: string;
  batchSize: number;
  /** Runs one training step on the next batch. */
  step(): StepResult;
  dispose(): void;
}

/** Default strategy (`full`, Adam, lr 1e-3, cross-entropy, batch 64), so the step matches a real run. */
function benchStrategy(): StrategySpec {
  return parseStrategy({ kind: 'full', batchSize: BENCH_BATCH_SIZE });
}

/** Builds a workload's model and data; MNIST is read once per process by the dataset. */
export async function prepareWorkload(name: WorkloadName): Promise<PreparedWorkload> {
  switch (name) {
    case 'cnn':
      return prepareCnn();
    case 'lstm':
      return prepareLstm();
    case 'mlp':
      return prepareMlp();
  }
}

async function prepareCnn(): Promise<PreparedWorkload> {
  const data = await getDataset('mnist').load({ role: 'source', seed: 1 });
  const { model, manifest } = buildModel({
    architecture: 'cnn-ref',
    inputShape: [28, 28, 1],
    inputDtype: 'float32',
    classNames: data.info.classNames,
    seed: 1,
  });
  const { body, head } = splitAtHead(model, manifest);
  const inputs = tf.tensor(data.train.inputs, [data.train.count, 28, 28, 1]);
  return assemble({
    name: 'cnn',
    description: 'CNN ref (conv16-pool-conv32-pool-fc64-fc10, 28×28×1)',
    data: `MNIST source role, ${data.train.count} train examples`,
    variables: model,
    forward: (x) => head.apply(body.apply(x, { training: true }) as tf.Tensor) as tf.Tensor2D,
    inputs,
    labels: data.train.labels,
    classes: data.info.classNames.length,
    dispose: () => {
      body.dispose();
      model.dispose();
    },
  });
}

async function prepareLstm(): Promise<PreparedWorkload> {
  const steps = 50;
  const features = 13;
  const classes = 4;
  const { model, manifest } = buildModel({
    architecture: 'lstm',
    inputShape: [steps, features],
    inputDtype: 'float32',
    classNames: ['a', 'b', 'c', 'd'],
    units: 64,
    seed: 1,
  });
  const { body, head } = splitAtHead(model, manifest);
  // Random frames are enough: an LSTM step costs the same whatever the values.
  const count = 1024;
  const rng = Rng.fromSeed(1);
  const values = new Float32Array(count * steps * features);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  const labels = Int32Array.from({ length: count }, () => rng.int(classes));
  return assemble({
    name: 'lstm',
    description: 'LSTM (50×13 → LSTM64 → LSTM64 → fc4)',
    data: `seeded random frames, ${count} examples`,
    variables: model,
    forward: (x) => head.apply(body.apply(x, { training: true }) as tf.Tensor) as tf.Tensor2D,
    inputs: tf.tensor(values, [count, steps, features]),
    labels,
    classes,
    dispose: () => {
      body.dispose();
      model.dispose();
    },
  });
}

async function prepareMlp(): Promise<PreparedWorkload> {
  const data = await getDataset('mnist').load({ role: 'source', seed: 1 });
  // The model zoo has no MLP, so it is built here in the zoo's style (He-initialised
  // ReLU layers, the library's softmax head, every initializer seeded).
  const rng = Rng.fromSeed(1);
  const input = tfl.input({ shape: [784], dtype: 'float32', name: 'input' });
  let x = input;
  for (const [i, units] of [256, 128].entries()) {
    const layer = tfl.layers.dense({
      units,
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed: rng.seed() }),
      biasInitializer: 'zeros',
      name: `fc${i + 1}`,
    });
    x = layer.apply(x) as tfl.SymbolicTensor;
  }
  const probabilities = createHeadLayer(10, rng).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: probabilities, name: 'bench-mlp' });
  return assemble({
    name: 'mlp',
    description: 'MLP 784-256-128-10',
    data: `MNIST source role, ${data.train.count} train examples`,
    variables: model,
    forward: (batch) => model.apply(batch, { training: true }) as tf.Tensor2D,
    inputs: tf.tensor(data.train.inputs, [data.train.count, 784]),
    labels: data.train.labels,
    classes: 10,
    dispose: () => model.dispose(),
  });
}

interface WorkloadParts {
  name: WorkloadName;
  description: string;
  data: string;
  /** Every trainable weight of this model is trained (strategy `full`). */
  variables: tfl.LayersModel;
  forward(x: tf.Tensor): tf.Tensor2D;
  /** All examples, gathered per batch like train.ts gathers from its train tensor. */
  inputs: tf.Tensor;
  labels: Int32Array;
  classes: number;
  dispose(): void;
}

function assemble(parts: WorkloadParts): PreparedWorkload {
  const strategy = benchStrategy();
  const optimizer = new BlockwiseOptimizer(strategy);
  const weights: OptimizedWeight[] = parts.variables.trainableWeights.map((w) => ({
    name: w.originalName,
    variable: w.read() as tf.Variable,
    learningRateScale: 1,
  }));
  const variables = weights.map((w) => w.variable);
  const count = parts.labels.length;
  const rng = Rng.fromSeed(1);
  let order: number[] = [];
  let cursor = 0;
  const nextIndices = (): Int32Array => {
    // Reshuffle per pass like an epoch; a full batch every step keeps step costs equal.
    if (cursor + strategy.batchSize > order.length) {
      order = rng.shuffle([...Array(count).keys()]);
      cursor = 0;
    }
    const indices = Int32Array.from(order.slice(cursor, cursor + strategy.batchSize));
    cursor += strategy.batchSize;
    return indices;
  };
  const { inputs, classes, forward } = parts;
  return {
    name: parts.name,
    description: parts.description,
    data: parts.data,
    batchSize: strategy.batchSize,
    step(): StepResult {
      const indices = nextIndices();
      // From here on, the same ops in the same order as train.ts (without dropout and L2-SP, both off by default).
      return tf.tidy(() => {
        const labels = tf.tensor1d(
          indices.map((i) => parts.labels[i]),
          'int32',
        );
        const x = tf.gather(inputs, tf.tensor1d(indices, 'int32'));
        const oneHot = tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
        let hits: tf.Tensor | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const probabilities = forward(x);
          hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), labels), 'float32')));
          return strategyLoss(strategy, probabilities, oneHot);
        }, variables);
        optimizer.apply(weights, grads);
        const result = { loss: value.dataSync()[0], hits: hits!.dataSync()[0] };
        hits!.dispose();
        return result;
      });
    },
    dispose(): void {
      optimizer.dispose();
      inputs.dispose();
      parts.dispose();
    },
  };
}
