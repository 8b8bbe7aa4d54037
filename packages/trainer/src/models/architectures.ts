/**
 * The model zoo: small functional tfjs-layers models with readable layer names
 * and a manifest of their blocks. Every initializer is given a seed drawn from
 * one `Rng` stream, so a build seed fully determines the initial weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng } from '../util/rng.js';
import { fusedLstm } from './fused-lstm.js';
import {
  HEAD_BLOCK_NAME,
  MODEL_MANIFEST_FORMAT,
  type ArchitectureName,
  type ModelBlock,
  type ModelManifest,
} from './model-manifest.js';

export interface BuildModelOptions {
  architecture: ArchitectureName;
  /** Shape of one example: [h, w, c] for the CNNs, [seqLen] for text, [steps, features] for lstm. */
  inputShape: number[];
  /** `int32` token ids for `text`, `float32` for everything else. */
  inputDtype: 'float32' | 'int32';
  classNames: string[];
  /** Required by `text`: the number of distinct token ids. */
  vocabularySize?: number;
  /** Same seed → bit-identical initial weights. */
  seed: number;
  /**
   * Width knob: LSTM units for `lstm` (default 64), embedding/encoder channels
   * for `text` (default 32), the penultimate dense width for `cnn` (default 64).
   * `cnn-ref` ignores it because it must match the benchmark's reference exactly.
   */
  units?: number;
  /** Recorded in the manifest. */
  datasetName?: string;
}

export interface BuiltModel {
  model: tfl.LayersModel;
  manifest: ModelManifest;
}

/**
 * Builds a freshly initialised model and its manifest.
 *
 * @example
 * const { model, manifest } = buildModel({
 *   architecture: 'cnn-ref',
 *   inputShape: [28, 28, 1],
 *   inputDtype: 'float32',
 *   classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
 *   seed: 42,
 * });
 * manifest.blocks.map((b) => b.name); // ['conv1', 'conv2', 'dense', 'head']
 */
export function buildModel(options: BuildModelOptions): BuiltModel {
  const { architecture, inputShape, inputDtype, classNames } = options;
  if (classNames.length < 2) {
    throw new Error(`a classifier needs at least 2 classes, got ${classNames.length}`);
  }
  if (!inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`inputShape must be positive integers, got [${inputShape.join(', ')}]`);
  }
  if (options.units !== undefined && !(Number.isInteger(options.units) && options.units > 0)) {
    throw new Error(`units must be a positive integer, got ${options.units}`);
  }
  const builder = new GraphBuilder(Rng.fromSeed(options.seed));
  let output: tfl.SymbolicTensor;
  let input: tfl.SymbolicTensor;
  switch (architecture) {
    case 'cnn':
    case 'cnn-ref': {
      expectInput(architecture, inputShape, inputDtype, 3, 'float32', '[height, width, channels]');
      const minSide = architecture === 'cnn' ? 8 : 4;
      if (inputShape[0] < minSide || inputShape[1] < minSide) {
        throw new Error(
          `${architecture} pools ${architecture === 'cnn' ? 3 : 2} times and needs images of at least ` +
            `${minSide}×${minSide}, got ${inputShape[0]}×${inputShape[1]}`,
        );
      }
      input = tfl.input({ shape: inputShape, dtype: 'float32', name: 'input' });
      output =
        architecture === 'cnn'
          ? buildVggCnn(builder, input, options.units ?? 64)
          : buildReferenceCnn(builder, input);
      break;
    }
    case 'text': {
      expectInput(architecture, inputShape, inputDtype, 1, 'int32', '[sequenceLength]');
      const vocabularySize = options.vocabularySize;
      if (vocabularySize === undefined || !Number.isInteger(vocabularySize) || vocabularySize < 2) {
        throw new Error(`text needs vocabularySize (an integer ≥ 2), got ${vocabularySize}`);
      }
      // int32 so the ids are never rounded through float32 on the way into the embedding.
      input = tfl.input({ shape: inputShape, dtype: 'int32', name: 'input' });
      output = buildTextEncoder(builder, input, vocabularySize, options.units ?? 32);
      break;
    }
    case 'lstm': {
      expectInput(architecture, inputShape, inputDtype, 2, 'float32', '[steps, features]');
      input = tfl.input({ shape: inputShape, dtype: 'float32', name: 'input' });
      output = buildLstm(builder, input, options.units ?? 64);
      break;
    }
    default: {
      const never: never = architecture;
      throw new Error(`unknown architecture ${String(never)}`);
    }
  }
  const probabilities = builder.block(HEAD_BLOCK_NAME, () => builder.head(output, classNames.length));
  const model = tfl.model({ inputs: input, outputs: probabilities, name: `driftboard-${architecture}` });
  const manifest: ModelManifest = {
    format: MODEL_MANIFEST_FORMAT,
    architecture,
    blocks: builder.blocks,
    inputShape: [...inputShape],
    inputDtype,
    classNames: [...classNames],
    ...(architecture === 'text' ? { vocabularySize: options.vocabularySize } : {}),
    ...(options.datasetName !== undefined ? { datasetName: options.datasetName } : {}),
  };
  return { model, manifest };
}

/**
 * A freshly initialised Dense softmax classifier, the only shape of head the
 * trainer uses, so it can be swapped by `replaceHead`.
 *
 * @example
 * const head = createHeadLayer(10, Rng.fromSeed(7), 'head');
 */
export function createHeadLayer(
  numClasses: number,
  rng: Rng,
  name: string = HEAD_BLOCK_NAME,
): tfl.layers.Layer {
  return tfl.layers.dense({
    units: numClasses,
    activation: 'softmax',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.seed() }),
    biasInitializer: 'zeros',
    name,
  });
}

function expectInput(
  architecture: ArchitectureName,
  inputShape: number[],
  inputDtype: string,
  rank: number,
  dtype: 'float32' | 'int32',
  described: string,
): void {
  if (inputShape.length !== rank) {
    throw new Error(`${architecture} expects inputShape ${described}, got [${inputShape.join(', ')}]`);
  }
  if (inputDtype !== dtype) {
    throw new Error(`${architecture} expects ${dtype} inputs, got ${inputDtype}`);
  }
}

/**
 * Applies layers while recording which block each belongs to, so the manifest can
 * never disagree with the graph. Seeds are drawn in construction order, which is
 * fixed per architecture, so a build is reproducible.
 */
class GraphBuilder {
  readonly blocks: ModelBlock[] = [];
  private current: ModelBlock | undefined;

  constructor(private readonly rng: Rng) {}

  block<T>(name: string, body: () => T): T {
    this.current = { name, layerNames: [] };
    const result = body();
    if (this.current.layerNames.length === 0) throw new Error(`block ${name} has no layers`);
    this.blocks.push(this.current);
    this.current = undefined;
    return result;
  }

  apply(layer: tfl.layers.Layer, inputs: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor {
    if (!this.current) throw new Error(`layer ${layer.name} applied outside a block`);
    this.current.layerNames.push(layer.name);
    return layer.apply(inputs) as tfl.SymbolicTensor;
  }

  heNormal() {
    // He for ReLU layers keeps activations from shrinking layer by layer.
    return tfl.initializers.heNormal({ seed: this.rng.seed() });
  }

  smallUniform() {
    // Keras's embedding default: small enough that early updates dominate the noise.
    return tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.rng.seed() });
  }

  glorotUniform() {
    return tfl.initializers.glorotUniform({ seed: this.rng.seed() });
  }

  conv2d(x: tfl.SymbolicTensor, filters: number, name: string): tfl.SymbolicTensor {
    const layer = tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: this.heNormal(),
      biasInitializer: 'zeros',
      name,
    });
    return this.apply(layer, x);
  }

  maxPool(x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
    return this.apply(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name }), x);
  }

  denseRelu(x: tfl.SymbolicTensor, units: number, name: string): tfl.SymbolicTensor {
    const layer = tfl.layers.dense({
      units,
      activation: 'relu',
      kernelInitializer: this.heNormal(),
      biasInitializer: 'zeros',
      name,
    });
    return this.apply(layer, x);
  }

  head(x: tfl.SymbolicTensor, numClasses: number): tfl.SymbolicTensor {
    return this.apply(createHeadLayer(numClasses, this.rng), x);
  }
}

/** Three VGG-style blocks (two 3×3 convs then a 2×2 pool) and a dense block. */
function buildVggCnn(b: GraphBuilder, input: tfl.SymbolicTensor, denseUnits: number): tfl.SymbolicTensor {
  let x = input;
  const widths = [16, 32, 64];
  widths.forEach((filters, i) => {
    const block = `conv${i + 1}`;
    x = b.block(block, () => {
      let y = b.conv2d(x, filters, `${block}_conv_a`);
      y = b.conv2d(y, filters, `${block}_conv_b`);
      return b.maxPool(y, `${block}_pool`);
    });
  });
  return b.block('dense', () => {
    const flat = b.apply(tfl.layers.flatten({ name: 'dense_flatten' }), x);
    return b.denseRelu(flat, denseUnits, 'dense_fc');
  });
}

/** The benchmark's reference CNN, layer for layer. */
function buildReferenceCnn(b: GraphBuilder, input: tfl.SymbolicTensor): tfl.SymbolicTensor {
  let x = b.block('conv1', () => b.maxPool(b.conv2d(input, 16, 'conv1_conv'), 'conv1_pool'));
  x = b.block('conv2', () => b.maxPool(b.conv2d(x, 32, 'conv2_conv'), 'conv2_pool'));
  return b.block('dense', () => {
    const flat = b.apply(tfl.layers.flatten({ name: 'dense_flatten' }), x);
    return b.denseRelu(flat, 64, 'dense_fc');
  });
}

/**
 * Token embedding and two residual 1-D conv encoder blocks. tfjs-layers has no
 * MultiHeadAttention, so each encoder mixes neighbouring tokens with a kernel-3
 * conv, projects back with a kernel-1 conv, adds the block input and
 * layer-normalises — the transformer block's shape with convolution as the mixer.
 * The global average pool closes `encoder2` so its output is the penultimate
 * feature vector.
 */
function buildTextEncoder(
  b: GraphBuilder,
  input: tfl.SymbolicTensor,
  vocabularySize: number,
  width: number,
): tfl.SymbolicTensor {
  let x = b.block('embedding', () =>
    b.apply(
      tfl.layers.embedding({
        inputDim: vocabularySize,
        outputDim: width,
        embeddingsInitializer: b.smallUniform(),
        name: 'embedding_tokens',
      }),
      input,
    ),
  );
  for (const block of ['encoder1', 'encoder2']) {
    const blockInput = x;
    x = b.block(block, () => {
      const mixed = b.apply(
        tfl.layers.conv1d({
          filters: width,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: b.heNormal(),
          biasInitializer: 'zeros',
          name: `${block}_conv`,
        }),
        blockInput,
      );
      const projected = b.apply(
        tfl.layers.conv1d({
          filters: width,
          kernelSize: 1,
          padding: 'same',
          kernelInitializer: b.glorotUniform(),
          biasInitializer: 'zeros',
          name: `${block}_proj`,
        }),
        mixed,
      );
      const summed = b.apply(tfl.layers.add({ name: `${block}_add` }), [blockInput, projected]);
      const normed = b.apply(tfl.layers.layerNormalization({ axis: -1, name: `${block}_norm` }), summed);
      if (block !== 'encoder2') return normed;
      return b.apply(tfl.layers.globalAveragePooling1d({ name: 'encoder2_pool' }), normed);
    });
  }
  return x;
}

/** Two stacked LSTMs: the first returns the whole sequence, the second its last state. */
function buildLstm(b: GraphBuilder, input: tfl.SymbolicTensor, units: number): tfl.SymbolicTensor {
  const lstm = (x: tfl.SymbolicTensor, returnSequences: boolean, name: string) => {
    // A stock tfjs-layers LSTM (same config, weights and className) whose call() runs
    // the fused sequence op on wasm and cpu, several times faster to train.
    const layer = fusedLstm({
      units,
      returnSequences,
      kernelInitializer: b.glorotUniform(),
      // tfjs-layers' Orthogonal initializer (Keras's recurrent default) calls chained
      // tensor methods that only the full @tensorflow/tfjs bundle registers, so it
      // throws with tfjs-core alone; a seeded Glorot matrix trains as well here.
      recurrentInitializer: b.glorotUniform(),
      biasInitializer: 'zeros',
      // tfjs-layers defaults to hard_sigmoid gates; sigmoid matches Keras and cuDNN LSTMs.
      recurrentActivation: 'sigmoid',
      // `unitForgetBias: true` leaks four tensors per layer in tfjs-layers 4.22; the
      // forget-gate bias is set by hand below instead.
      unitForgetBias: false,
      name,
    });
    const output = b.apply(layer, x);
    setForgetGateBias(layer, units);
    return output;
  };
  const x = b.block('lstm1', () => lstm(input, true, 'lstm1'));
  return b.block('lstm2', () => lstm(x, false, 'lstm2'));
}

/**
 * Sets an LSTM's forget-gate bias to 1 (Keras's `unit_forget_bias`) so early
 * gradients flow through time. tfjs-layers packs the bias as [input, forget,
 * cell, output] gates of `units` each.
 */
function setForgetGateBias(layer: tfl.layers.Layer, units: number): void {
  const bias = layer.weights.find((w) => w.originalName.endsWith('/bias'));
  if (!bias || bias.shape[0] !== 4 * units) throw new Error(`${layer.name} has no [${4 * units}] bias`);
  tf.tidy(() => {
    bias.write(tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]));
  });
}
