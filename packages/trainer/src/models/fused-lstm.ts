/**
 * A tfjs-layers `LSTM` whose `call()` runs the whole sequence as one fused op
 * (see backend/kernels/lstm-sequence-kernels.ts) on the wasm and cpu backends:
 * ~180 kernel calls per training batch of the reference LSTM instead of ~9,800,
 * and 3–4× the samples/s of the stock per-timestep unrolling. It is the
 * stock class in everything else — config, weights, className — so saved
 * models are plain TensorFlow.js LSTMs that any tfjs loads.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  LSTM_SEQUENCE,
  LSTM_SEQUENCE_GRAD,
  type LstmGateActivation,
  type LstmSequenceAttrs,
} from '../backend/kernels/lstm-sequence-kernels.js';

/** Options of `lstmSequence`. */
export interface LstmSequenceOptions {
  /** Return h for every timestep ([B, T, u]) rather than the last one ([B, u]). */
  returnSequences: boolean;
  /** The input, forget and output gates' activation; the cell's is tanh. */
  recurrentActivation: LstmGateActivation;
}

/**
 * Runs an LSTM over `x` [batch, steps, features] from zero initial state with
 * tfjs-layers' weight layout: `kernel` [features, 4u], `recurrentKernel`
 * [u, 4u] and `bias` [4u] (or null), gates in input, forget, cell, output
 * order. Differentiable with respect to all four inputs. Needs the fused
 * kernels of the active backend (`hasFusedLstmKernels`).
 *
 * @example
 * const h = lstmSequence(x, kernel, recurrentKernel, bias, {
 *   returnSequences: false,
 *   recurrentActivation: 'sigmoid',
 * }); // [batch, units]
 */
export function lstmSequence(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  options: LstmSequenceOptions,
): tf.Tensor {
  const [features, width] = kernel.shape;
  const units = recurrentKernel.shape[0];
  const shapesFit =
    x.rank === 3 &&
    x.shape[2] === features &&
    width === 4 * units &&
    recurrentKernel.shape.join() === [units, width].join() &&
    (bias === null || bias.shape.join() === String(width)) &&
    [x, kernel, recurrentKernel, ...(bias ? [bias] : [])].every((t) => t.dtype === 'float32');
  if (!shapesFit) {
    throw new Error(
      `lstmSequence needs float32 x [batch, steps, F], kernel [F, 4u], recurrentKernel [u, 4u] and bias [4u]; ` +
        `got x [${x.shape.join(', ')}], kernel [${kernel.shape.join(', ')}], ` +
        `recurrentKernel [${recurrentKernel.shape.join(', ')}], bias [${bias?.shape.join(', ') ?? 'none'}]`,
    );
  }
  const attrs: LstmSequenceAttrs = { recurrentActivation: options.recurrentActivation };
  const namedAttrs = attrs as unknown as tf.NamedAttrMap;
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [x, kernel, recurrentKernel, bias] = args.slice(0, -1) as tf.Tensor[];
    const inputs: tf.NamedTensorMap = { x, kernel, recurrentKernel, ...(bias ? { bias } : {}) };
    const [hidden, last, gates, cells, cellsTanh, stepInputs] = tf
      .engine()
      .runKernel(LSTM_SEQUENCE, inputs, namedAttrs) as tf.Tensor[];
    save([kernel, recurrentKernel, gates, cells, cellsTanh, stepInputs]);
    return {
      value: options.returnSequences ? hidden : last,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [kernel, recurrentKernel, gates, cells, cellsTanh, stepInputs] = saved;
        const grads = tf
          .engine()
          .runKernel(
            LSTM_SEQUENCE_GRAD,
            { dy, kernel, recurrentKernel, gates, cells, cellsTanh, stepInputs },
            namedAttrs,
          ) as tf.Tensor[];
        if (bias) return grads;
        grads[3].dispose();
        return grads.slice(0, 3);
      },
    };
  });
  return bias ? fused(x, kernel, recurrentKernel, bias) : fused(x, kernel, recurrentKernel);
}

/** Whether the active backend has the fused LSTM kernels (wasm and cpu, once `selectBackend` ran). */
export function hasFusedLstmKernels(): boolean {
  const backend = tf.getBackend();
  return (
    backend !== undefined &&
    tf.getKernel(LSTM_SEQUENCE, backend) !== undefined &&
    tf.getKernel(LSTM_SEQUENCE_GRAD, backend) !== undefined
  );
}

type LstmLayer = ReturnType<typeof tfl.layers.lstm>;
type LstmCallKwargs = Parameters<LstmLayer['call']>[1];
/** The stock LSTM class: its constructor and RNN's static `className` and `fromConfig`. */
type LstmClass = (new (args: tfl.LSTMLayerArgs) => LstmLayer) & Omit<typeof tfl.RNN, 'prototype'>;

/** The parts of tfjs-layers' LSTMCell the fused path reads (public fields, untyped on `RNN.cell`). */
interface LstmCellInternals {
  kernel?: tfl.LayerVariable;
  recurrentKernel?: tfl.LayerVariable;
  bias?: tfl.LayerVariable | null;
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  activation: { getClassName(): string };
  recurrentActivation: { getClassName(): string };
}

/** Marks our class so a second evaluation of this module still finds tfjs-layers' own LSTM. */
const FUSED_MARK = Symbol.for('driftboard.fusedLstm');

/**
 * tfjs-layers exports an `lstm()` factory but not the LSTM class; the
 * serialization registry holds it under its className.
 */
function stockLstmClass(): LstmClass {
  let cls = tf.serialization.SerializationMap.getMap().classNameMap.LSTM?.[0] as unknown as
    (LstmClass & { [FUSED_MARK]?: true }) | undefined;
  while (cls && Object.hasOwn(cls, FUSED_MARK)) cls = Object.getPrototypeOf(cls) as typeof cls;
  if (!cls) throw new Error('tfjs-layers registered no LSTM class');
  return cls;
}

/**
 * tfjs-layers' `LSTM` with a fused `call()`. It falls back to the stock
 * per-timestep path for everything the fused op does not cover: masks,
 * initial states, `returnState`, `stateful`, `goBackwards`, dropout, an
 * activation other than tanh, a recurrent activation other than sigmoid or
 * hardSigmoid, non-float32 inputs, or a backend without the kernels.
 *
 * @example
 * const layer = fusedLstm({ units: 64, returnSequences: true, recurrentActivation: 'sigmoid' });
 * layer.getClassName(); // 'LSTM'
 */
export class FusedLstm extends stockLstmClass() {
  static override className = 'LSTM';
  static readonly [FUSED_MARK] = true;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: LstmCallKwargs): tf.Tensor | tf.Tensor[] {
    const x = this.fusableInput(inputs, kwargs);
    if (!x) return super.call(inputs, kwargs);
    const cell = this.cell as unknown as LstmCellInternals;
    return tf.tidy(() =>
      lstmSequence(
        x,
        cell.kernel!.read(),
        cell.recurrentKernel!.read(),
        cell.useBias && cell.bias ? cell.bias.read() : null,
        {
          returnSequences: this.returnSequences,
          recurrentActivation: cell.recurrentActivation.getClassName() as LstmGateActivation,
        },
      ),
    );
  }

  /** The input tensor when the fused op computes exactly what the stock call would, else undefined. */
  private fusableInput(inputs: tf.Tensor | tf.Tensor[], kwargs: LstmCallKwargs): tf.Tensor | undefined {
    // Models loaded from JSON pass initial states as extra inputs.
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const cell = this.cell as unknown as LstmCellInternals;
    // The stock cell applies dropout only for rates strictly between 0 and 1.
    const dropsOut = (rate: number) => rate > 0 && rate < 1;
    const supported =
      x !== undefined &&
      x.rank === 3 &&
      x.dtype === 'float32' &&
      x.size > 0 &&
      kwargs?.mask == null &&
      kwargs?.initialState == null &&
      !this.returnState &&
      !this.stateful &&
      !this.goBackwards &&
      !dropsOut(cell.dropout) &&
      !dropsOut(cell.recurrentDropout) &&
      cell.kernel !== undefined &&
      cell.recurrentKernel !== undefined &&
      cell.activation.getClassName() === 'tanh' &&
      ['sigmoid', 'hardSigmoid'].includes(cell.recurrentActivation.getClassName()) &&
      hasFusedLstmKernels();
    return supported ? x : undefined;
  }
}

/*
 * Registered under className 'LSTM', replacing tfjs-layers' own entry, so that
 * `tfl.loadLayersModel` builds a FusedLstm for every LSTM in a model.json. Safe
 * because FusedLstm only overrides `call()`, and only where its result equals
 * the stock one (same formulas, float32 rounding aside); construction,
 * `getConfig()`, weights and their order, `fromConfig` and the serialised
 * className are inherited unchanged, so a saved model stays a plain LSTM that
 * stock tfjs loads. Deterministic because the replacement happens when this
 * module is evaluated, which ES modules guarantee is after tfjs-layers
 * (imported above) registered its LSTM, nothing registers 'LSTM' after it, and
 * model-io.ts reaches this module (through model-surgery.ts and
 * architectures.ts) before any load; the fused op runs a fixed sequence of kernels.
 */
tf.serialization.registerClass(FusedLstm);

/**
 * Creates a `FusedLstm`, the drop-in for `tf.layers.lstm(args)`.
 *
 * @example
 * const layer = fusedLstm({ units: 64, returnSequences: false });
 */
export function fusedLstm(args: tfl.LSTMLayerArgs): FusedLstm {
  return new FusedLstm(args);
}
