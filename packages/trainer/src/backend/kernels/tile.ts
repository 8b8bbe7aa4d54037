import {
  Tile,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type TileAttrs,
} from '@tensorflow/tfjs-core';
import { KernelMemory, type FastKernelBackendName } from './kernel-memory.js';

/**
 * Tile as row copies. LayerNormalization tiles its scale and offset to
 * [batch, steps, width] on every call, and the wasm Tile kernel took ~500 ms
 * for one [64, 128, 32] text batch; this copies each innermost row once per
 * repetition (under a millisecond).
 */
function tile(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as unknown as TileAttrs;
    if (x.dtype !== 'float32' && x.dtype !== 'int32')
      throw new Error(`Tile: float32 or int32 only, got ${x.dtype}`);
    const memory = new KernelMemory(backendName, backend as KernelBackend);
    const rank = x.shape.length;
    const outShape = x.shape.map((d, i) => d * reps[i]);
    // Every element is written below, so no zero-fill.
    const out = memory.allocateUninitialised(outShape, x.dtype);
    const source = memory.typedValues(x);
    const target = memory.typedValues(out);
    if (rank === 0 || target.length === 0) {
      target.set(source.subarray(0, target.length));
      return out;
    }
    const rowLength = x.shape[rank - 1];
    const sourceStrides = x.shape.map((_, i) => x.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const outerShape = outShape.slice(0, -1);
    const index = new Array<number>(rank - 1).fill(0);
    const rows = outerShape.reduce((a, b) => a * b, 1);
    for (let row = 0, offset = 0; row < rows; row++) {
      let sourceRow = 0;
      for (let axis = 0; axis < rank - 1; axis++)
        sourceRow += (index[axis] % x.shape[axis]) * sourceStrides[axis];
      const copies = reps[rank - 1];
      if (rowLength === 1) {
        // Broadcasting one value along the last axis (LayerNorm's mean and variance).
        target.fill(source[sourceRow], offset, offset + copies);
        offset += copies;
      } else {
        const run = source.subarray(sourceRow, sourceRow + rowLength);
        for (let copy = 0; copy < copies; copy++, offset += rowLength) target.set(run, offset);
      }
      for (let axis = rank - 2; axis >= 0; axis--) {
        if (++index[axis] < outShape[axis]) break;
        index[axis] = 0;
      }
    }
    return out;
  };
}

export function tileKernel(backendName: FastKernelBackendName): KernelConfig {
  return { kernelName: Tile, backendName, kernelFunc: tile(backendName) };
}
