import {
  getKernel,
  Sigmoid,
  Transpose,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { KernelMemory, type FastKernelBackendName } from './kernel-memory.js';

/*
 * A whole LSTM sequence as two kernels, forward and backward (BPTT), so that a
 * layer costs a few hundred backend calls per batch instead of tfjs-layers'
 * ~40 ops per timestep. Gate order and formulas are LSTMCell's: z = x·W + h·U + b
 * split into input, forget, cell and output blocks of u units;
 * i, f, o = recurrentActivation(z); g = tanh(z); c = f·c₋₁ + i·g; h = o·tanh(c);
 * h and c start at zero.
 *
 * Forward, each step is one backend matmul [h₋₁ | x_t | 1] × [U; W; b] (the input
 * projection and bias ride along: the same FLOPs as a separate projection, one
 * pass over z fewer), then the backend's Sigmoid over z (on wasm ~5× faster than
 * Math.exp), then the cell update in JS. tanh is 2·sigmoid(2z) − 1, so the
 * cell-candidate columns of the stacked weights are doubled. Each step's left
 * operand is kept for backward.
 * Backward, each step's gate gradients dz come from JS, then one backend matmul
 * dz × [Uᵀ | Wᵀ] gives the step before's dh and this step's dx together; dU, dW
 * and db for all steps come from one matmul dzᵀ × [h₋₁ | x | 1]. That orientation
 * matters on wasm: XNNPACK repacks its right operand on every call (~3.4 ns per
 * element), and the kept operands are half the size of dz.
 *
 * What backward needs is saved time-major ([T, B, …]) so each step is one
 * contiguous block, copied with `set()` rather than element by element.
 */

/**
 * Forward kernel: inputs x [B, T, F], kernel [F, 4u], recurrentKernel [u, 4u]
 * and optionally bias [4u]. Outputs, in order: `hidden` [B, T, u] (every h) and
 * `last` [B, u] (the final h), then, for backward, `gates` [T, B, 4u] (activated
 * i, f, g, o), `cells` [T, B, u], `cellsTanh` [T, B, u] and `stepInputs`
 * [T·B, u + F + 1] (each step's [h₋₁ | x_t | 1]).
 */
export const LSTM_SEQUENCE = 'DriftboardLstmSequence';
/**
 * Backward kernel: inputs dy, kernel, recurrentKernel and the forward's gates,
 * cells, cellsTanh and stepInputs; outputs dx, dKernel, dRecurrentKernel, dBias.
 */
export const LSTM_SEQUENCE_GRAD = 'DriftboardLstmSequenceGrad';

/** The gate activations the kernels implement (tfjs-layers' names). */
export type LstmGateActivation = 'sigmoid' | 'hardSigmoid';

/** Attributes of both kernels. */
export interface LstmSequenceAttrs {
  recurrentActivation: LstmGateActivation;
}

/** Kernel memory plus the backend's own Sigmoid and Transpose, and allocation without zero-filling. */
class LstmMemory extends KernelMemory {
  private readonly sigmoidKernel: KernelFunc;
  private readonly transposeKernel: KernelFunc;

  constructor(
    private readonly name: FastKernelBackendName,
    backend: KernelBackend,
  ) {
    super(name, backend);
    const sigmoid = getKernel(Sigmoid, name);
    const transpose = getKernel(Transpose, name);
    if (!sigmoid || !transpose) throw new Error(`the ${name} backend lacks Sigmoid or Transpose`);
    this.sigmoidKernel = sigmoid.kernelFunc;
    this.transposeKernel = transpose.kernelFunc;
  }

  sigmoid(x: TensorInfo): TensorInfo {
    return this.sigmoidKernel({ inputs: { x }, backend: this.backend, attrs: {} }) as TensorInfo;
  }

  /** aᵀ [n, m] of a [m, n], by the backend (a native copy on wasm). */
  transposeMatrix(a: TensorInfo, m: number, n: number): TensorInfo {
    return this.transposeKernel({
      inputs: { x: { ...a, shape: [m, n] } },
      backend: this.backend,
      attrs: { perm: [1, 0] },
    }) as TensorInfo;
  }
}

interface Dimensions {
  batch: number;
  steps: number;
  features: number;
  units: number;
}

function lstmSequence(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, kernel, recurrentKernel, bias } = inputs as {
      x: TensorInfo;
      kernel: TensorInfo;
      recurrentKernel: TensorInfo;
      bias?: TensorInfo;
    };
    const hard = (attrs as unknown as LstmSequenceAttrs).recurrentActivation === 'hardSigmoid';
    const [batch, steps, features] = x.shape;
    const dims: Dimensions = { batch, steps, features, units: recurrentKernel.shape[0] };
    const { units } = dims;
    const width = 4 * units;
    const depth = units + features + 1;
    const memory = new LstmMemory(backendName, backend as KernelBackend);

    const hidden = memory.allocateUninitialised([batch, steps, units]);
    const last = memory.allocateUninitialised([batch, units]);
    const gates = memory.allocateUninitialised([steps, batch, width]);
    const cells = memory.allocateUninitialised([steps, batch, units]);
    const cellsTanh = memory.allocateUninitialised([steps, batch, units]);
    const stepInputs = memory.allocateUninitialised([steps * batch, depth]);
    // Each step's left operand [h₋₁ | x_t | 1] (h₋₁ starts at zero) and right operand [U; W; b].
    const stepInput = memory.allocate([batch, depth]);
    const weights = memory.allocate([depth, width]);
    stackWeights(
      memory.values(recurrentKernel),
      memory.values(kernel),
      bias ? memory.values(bias) : undefined,
      memory.values(weights),
      features,
      units,
    );
    // 2c, whose sigmoid gives tanh(c) = 2·sigmoid(2c) − 1.
    const doubledCell = memory.allocateUninitialised([batch, units]);

    for (let t = 0; t < steps; t++) {
      // Every allocation may grow (and detach) the wasm heap: views are taken after it.
      setStepInput(memory.values(x), memory.values(stepInput), t, dims);
      memory.values(stepInputs).set(memory.values(stepInput), t * batch * depth);
      const z = memory.matMul(stepInput, weights, batch, depth, width);
      const activated = memory.sigmoid(z);
      memory.values(gates).set(memory.values(activated), t * batch * width);
      if (hard) applyHardSigmoidGates(memory.values(z), memory.values(gates), t, dims);
      gateStep(memory.values(gates), memory.values(cells), memory.values(doubledCell), t, dims);
      memory.release(z);
      memory.release(activated);
      const cellSigmoid = memory.sigmoid(doubledCell);
      hiddenStep(
        memory.values(cellSigmoid),
        memory.values(gates),
        memory.values(cellsTanh),
        memory.values(hidden),
        memory.values(stepInput),
        t,
        dims,
      );
      memory.release(cellSigmoid);
    }
    copyLastHidden(memory.values(stepInput), memory.values(last), dims);
    memory.release(stepInput);
    memory.release(weights);
    memory.release(doubledCell);
    return [hidden, last, gates, cells, cellsTanh, stepInputs];
  };
}

function lstmSequenceGrad(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, kernel, recurrentKernel, gates, cells, cellsTanh, stepInputs } = inputs as Record<
      'dy' | 'kernel' | 'recurrentKernel' | 'gates' | 'cells' | 'cellsTanh' | 'stepInputs',
      TensorInfo
    >;
    const hard = (attrs as unknown as LstmSequenceAttrs).recurrentActivation === 'hardSigmoid';
    // dy is [B, T, u] for returnSequences, else [B, u] for the last step only.
    const sequences = dy.shape.length === 3;
    const [steps, batch] = gates.shape;
    const dims: Dimensions = { batch, steps, features: kernel.shape[0], units: recurrentKernel.shape[0] };
    const { features, units } = dims;
    const width = 4 * units;
    const depth = units + features + 1;
    const memory = new LstmMemory(backendName, backend as KernelBackend);

    // dz of every step, time-major [T·B, 4u], and this step's block as a matmul operand.
    const dz = memory.allocateUninitialised([steps * batch, width]);
    const dzStep = memory.allocateUninitialised([batch, width]);
    const backWeights = memory.allocateUninitialised([width, units + features]);
    stackBackWeights(memory.values(recurrentKernel), memory.values(kernel), memory.values(backWeights), dims);
    const dx = memory.allocateUninitialised([batch, steps, features]);
    const dcNext = new Float32Array(batch * units);
    const dh = new Float32Array(batch * units);
    // dz_t × [Uᵀ | Wᵀ] [B, u + F]: dh of step t − 1, then dx of step t.
    let back: TensorInfo | undefined;

    for (let t = steps - 1; t >= 0; t--) {
      const dyHere = sequences || t === steps - 1;
      backwardStep(
        dyHere ? memory.values(dy) : undefined,
        sequences ? steps * units : units,
        sequences ? t * units : 0,
        back ? memory.values(back) : undefined,
        dh,
        memory.values(gates),
        memory.values(cells),
        memory.values(cellsTanh),
        dcNext,
        memory.values(dzStep),
        hard,
        t,
        dims,
      );
      memory.values(dz).set(memory.values(dzStep), t * batch * width);
      if (back) memory.release(back);
      back = memory.matMul(dzStep, backWeights, batch, width, units + features);
      scatterStepDx(memory.values(back), memory.values(dx), t, dims);
    }
    if (back) memory.release(back);
    memory.release(dzStep);
    memory.release(backWeights);

    // Transposed natively here: written transposed in the step loop, dzᵀ's 12.8 KB row stride thrashed L1.
    const dzT = memory.transposeMatrix(dz, steps * batch, width);
    memory.release(dz);
    const weightGradsT = memory.matMul(dzT, stepInputs, width, steps * batch, depth);
    memory.release(dzT);
    const dRecurrentKernel = memory.allocateUninitialised([units, width]);
    const dKernel = memory.allocateUninitialised([features, width]);
    const dBias = memory.allocateUninitialised([width]);
    splitWeightGrads(
      memory.values(weightGradsT),
      memory.values(dRecurrentKernel),
      memory.values(dKernel),
      memory.values(dBias),
      dims,
    );
    memory.release(weightGradsT);
    return [dx, dKernel, dRecurrentKernel, dBias];
  };
}

/*
 * The per-step loops live in small functions of typed arrays and integers:
 * inline in the kernels, V8 compiled them on-stack mid-loop with too little type
 * feedback and kept deoptimising them (~4× slower).
 */

/** weights [u + F + 1, 4u] = [U; W; b], the cell-candidate columns doubled (tanh via sigmoid). */
function stackWeights(
  recurrentKernel: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | undefined,
  weights: Float32Array,
  features: number,
  units: number,
): void {
  const width = 4 * units;
  weights.set(recurrentKernel, 0);
  weights.set(kernel, units * width);
  if (bias) weights.set(bias, (units + features) * width);
  for (let row = 0; row < units + features + 1; row++) {
    for (let k = row * width + 2 * units; k < row * width + 3 * units; k++) weights[k] *= 2;
  }
}

/** Writes x_t and the constant 1 into rows [h₋₁ | x_t | 1] of stepInput [B, u + F + 1]. */
function setStepInput(x: Float32Array, stepInput: Float32Array, t: number, dims: Dimensions): void {
  const { batch, steps, features, units } = dims;
  const depth = units + features + 1;
  for (let b = 0; b < batch; b++) {
    const from = (b * steps + t) * features;
    const to = b * depth + units;
    for (let f = 0; f < features; f++) stepInput[to + f] = x[from + f];
    stepInput[to + features] = 1;
  }
}

function hardSigmoid(z: number): number {
  const y = 0.2 * z + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** Replaces step t's sigmoid input, forget and output gates by hardSigmoid(z). */
function applyHardSigmoidGates(z: Float32Array, gates: Float32Array, t: number, dims: Dimensions): void {
  const { batch, units } = dims;
  const width = 4 * units;
  for (let b = 0; b < batch; b++) {
    const zRow = b * width;
    const gRow = t * batch * width + zRow;
    for (let k = 0; k < width; k++) {
      // The cell block (2u..3u) stays sigmoid(2z), for tanh.
      if (k < 2 * units || k >= 3 * units) gates[gRow + k] = hardSigmoid(z[zRow + k]);
    }
  }
}

/**
 * Step t's gates (already holding the final i, f, o and, in the cell block,
 * sigmoid(2z)) made final, and the new cell state, also written doubled for tanh(c).
 */
function gateStep(
  gates: Float32Array,
  cells: Float32Array,
  doubledCell: Float32Array,
  t: number,
  dims: Dimensions,
): void {
  const { batch, units } = dims;
  const width = 4 * units;
  // c₋₁ is the zero initial state at t = 0.
  const previousCells = t > 0 ? (t - 1) * batch * units : -1;
  for (let b = 0; b < batch; b++) {
    const gRow = (t * batch + b) * width;
    const cRow = (t * batch + b) * units;
    const pRow = previousCells + b * units;
    const sRow = b * units;
    for (let j = 0; j < units; j++) {
      const g = 2 * gates[gRow + 2 * units + j] - 1;
      gates[gRow + 2 * units + j] = g;
      const cPrevious = previousCells >= 0 ? cells[pRow + j] : 0;
      // Rounded to float32 (cells is a Float32Array) as the stock cell's tensors are.
      cells[cRow + j] = gates[gRow + units + j] * cPrevious + gates[gRow + j] * g;
      doubledCell[sRow + j] = 2 * cells[cRow + j];
    }
  }
}

/** h = o·tanh(c) of step t, from sigmoid(2c), into hidden and the next step's input. */
function hiddenStep(
  sigmoidDoubledCell: Float32Array,
  gates: Float32Array,
  cellsTanh: Float32Array,
  hidden: Float32Array,
  stepInput: Float32Array,
  t: number,
  dims: Dimensions,
): void {
  const { batch, steps, features, units } = dims;
  const depth = units + features + 1;
  for (let b = 0; b < batch; b++) {
    const oRow = (t * batch + b) * 4 * units + 3 * units;
    const cRow = (t * batch + b) * units;
    const hRow = (b * steps + t) * units;
    const sRow = b * units;
    const inputRow = b * depth;
    for (let j = 0; j < units; j++) {
      const tanhC = 2 * sigmoidDoubledCell[sRow + j] - 1;
      const h = gates[oRow + j] * tanhC;
      cellsTanh[cRow + j] = tanhC;
      hidden[hRow + j] = h;
      stepInput[inputRow + j] = h;
    }
  }
}

/** last [B, u] = the h part of the final step's input row [h | x | 1]. */
function copyLastHidden(stepInput: Float32Array, last: Float32Array, dims: Dimensions): void {
  const { batch, features, units } = dims;
  const depth = units + features + 1;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) last[b * units + j] = stepInput[b * depth + j];
  }
}

/**
 * One step of BPTT: dz of step t into dzStep [B, 4u], and the cell gradient
 * carried to step t − 1 in dcNext. dh is the sum of dy (when this step has one,
 * read at b·dyBatchStride + dyOffset) and of later steps' (the first u of each
 * row of `back` [B, u + F]); `dh` is scratch [B, u].
 */
function backwardStep(
  dy: Float32Array | undefined,
  dyBatchStride: number,
  dyOffset: number,
  back: Float32Array | undefined,
  dh: Float32Array,
  gates: Float32Array,
  cells: Float32Array,
  cellsTanh: Float32Array,
  dcNext: Float32Array,
  dzStep: Float32Array,
  hard: boolean,
  t: number,
  dims: Dimensions,
): void {
  const { batch, features, units } = dims;
  dh.fill(0);
  for (let b = 0; b < batch; b++) {
    const row = b * units;
    if (back) {
      const backRow = b * (units + features);
      for (let j = 0; j < units; j++) dh[row + j] += back[backRow + j];
    }
    if (dy) {
      const dyRow = b * dyBatchStride + dyOffset;
      for (let j = 0; j < units; j++) dh[row + j] += dy[dyRow + j];
    }
  }
  // Two copies of the cell loop: slope ternaries inside it cost the sigmoid case ~20%.
  if (hard) hardSigmoidCellGradients(dh, gates, cells, cellsTanh, dcNext, dzStep, t, dims);
  else sigmoidCellGradients(dh, gates, cells, cellsTanh, dcNext, dzStep, t, dims);
}

/** backwardStep's cell loop for sigmoid gates, whose slope is a(1 − a) of the activated value a. */
function sigmoidCellGradients(
  dh: Float32Array,
  gates: Float32Array,
  cells: Float32Array,
  cellsTanh: Float32Array,
  dcNext: Float32Array,
  dzStep: Float32Array,
  t: number,
  dims: Dimensions,
): void {
  const { batch, units } = dims;
  const width = 4 * units;
  // c₋₁ is the zero initial state at t = 0.
  const previousCells = t > 0 ? (t - 1) * batch * units : -1;
  for (let b = 0; b < batch; b++) {
    const gRow = (t * batch + b) * width;
    const cRow = (t * batch + b) * units;
    const pRow = previousCells + b * units;
    const sRow = b * units;
    const zRow = b * width;
    for (let j = 0; j < units; j++) {
      const dhj = dh[sRow + j];
      const i = gates[gRow + j];
      const f = gates[gRow + units + j];
      const g = gates[gRow + 2 * units + j];
      const o = gates[gRow + 3 * units + j];
      const tanhC = cellsTanh[cRow + j];
      const cPrevious = previousCells >= 0 ? cells[pRow + j] : 0;
      const dc = dcNext[sRow + j] + dhj * o * (1 - tanhC * tanhC);
      dcNext[sRow + j] = dc * f;
      dzStep[zRow + j] = dc * g * i * (1 - i);
      dzStep[zRow + units + j] = dc * cPrevious * f * (1 - f);
      dzStep[zRow + 2 * units + j] = dc * i * (1 - g * g);
      dzStep[zRow + 3 * units + j] = dhj * tanhC * o * (1 - o);
    }
  }
}

/**
 * sigmoidCellGradients for hardSigmoid gates, whose slope is 0.2 inside (0, 1).
 * The stock gradient also passes 0.2 at exactly 0 and 1, a measure-zero difference.
 */
function hardSigmoidCellGradients(
  dh: Float32Array,
  gates: Float32Array,
  cells: Float32Array,
  cellsTanh: Float32Array,
  dcNext: Float32Array,
  dzStep: Float32Array,
  t: number,
  dims: Dimensions,
): void {
  const { batch, units } = dims;
  const width = 4 * units;
  const previousCells = t > 0 ? (t - 1) * batch * units : -1;
  const slope = (a: number) => (a > 0 && a < 1 ? 0.2 : 0);
  for (let b = 0; b < batch; b++) {
    const gRow = (t * batch + b) * width;
    const cRow = (t * batch + b) * units;
    const pRow = previousCells + b * units;
    const sRow = b * units;
    const zRow = b * width;
    for (let j = 0; j < units; j++) {
      const dhj = dh[sRow + j];
      const i = gates[gRow + j];
      const f = gates[gRow + units + j];
      const g = gates[gRow + 2 * units + j];
      const o = gates[gRow + 3 * units + j];
      const tanhC = cellsTanh[cRow + j];
      const cPrevious = previousCells >= 0 ? cells[pRow + j] : 0;
      const dc = dcNext[sRow + j] + dhj * o * (1 - tanhC * tanhC);
      dcNext[sRow + j] = dc * f;
      dzStep[zRow + j] = dc * g * slope(i);
      dzStep[zRow + units + j] = dc * cPrevious * slope(f);
      dzStep[zRow + 2 * units + j] = dc * i * (1 - g * g);
      dzStep[zRow + 3 * units + j] = dhj * tanhC * slope(o);
    }
  }
}

/** backWeights [4u, u + F] = [Uᵀ | Wᵀ]. */
function stackBackWeights(
  recurrentKernel: Float32Array,
  kernel: Float32Array,
  backWeights: Float32Array,
  dims: Dimensions,
): void {
  const { features, units } = dims;
  const width = 4 * units;
  const depth = units + features;
  for (let k = 0; k < width; k++) {
    for (let j = 0; j < units; j++) backWeights[k * depth + j] = recurrentKernel[j * width + k];
    for (let f = 0; f < features; f++) backWeights[k * depth + units + f] = kernel[f * width + k];
  }
}

/** Copies step t's dx, the last F of each row of `back` [B, u + F], into dx [B, T, F]. */
function scatterStepDx(back: Float32Array, dx: Float32Array, t: number, dims: Dimensions): void {
  const { batch, steps, features, units } = dims;
  // Plain loops: subarray() + set() per row costs more than it copies at these widths.
  for (let b = 0; b < batch; b++) {
    const from = b * (units + features) + units;
    const to = (b * steps + t) * features;
    for (let f = 0; f < features; f++) dx[to + f] = back[from + f];
  }
}

/** Splits [dU | dW | db]ᵀ [4u, u + F + 1] into dU [u, 4u], dW [F, 4u] and db [4u]. */
function splitWeightGrads(
  gradsT: Float32Array,
  dRecurrentKernel: Float32Array,
  dKernel: Float32Array,
  dBias: Float32Array,
  dims: Dimensions,
): void {
  const { features, units } = dims;
  const width = 4 * units;
  const depth = units + features + 1;
  for (let k = 0; k < width; k++) {
    const row = k * depth;
    for (let j = 0; j < units; j++) dRecurrentKernel[j * width + k] = gradsT[row + j];
    for (let f = 0; f < features; f++) dKernel[f * width + k] = gradsT[row + units + f];
    dBias[k] = gradsT[row + units + features];
  }
}

/** The forward and backward LSTM sequence kernels for one CPU backend. */
export function lstmSequenceKernels(backendName: FastKernelBackendName): KernelConfig[] {
  return [
    { kernelName: LSTM_SEQUENCE, backendName, kernelFunc: lstmSequence(backendName) },
    { kernelName: LSTM_SEQUENCE_GRAD, backendName, kernelFunc: lstmSequenceGrad(backendName) },
  ];
}
