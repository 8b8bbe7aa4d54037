import {
  GatherV2,
  getKernel,
  util,
  type GatherV2Attrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { KernelMemory, type FastKernelBackendName } from './kernel-memory.js';

/**
 * GatherV2 along axis 0 (a batch out of the training set, an embedding
 * lookup) as one block copy per index. The wasm kernel computes every output
 * element's source through generic strides: 1.6–1.9 ms to assemble one
 * 64-image MNIST batch that is 200 KB of copying. Other axes, batch dims and
 * dtypes go to the backend's own kernel. The values are copied, not computed,
 * so the output is bit-identical to the stock kernel's.
 */
export function gatherRowsKernel(backendName: FastKernelBackendName): KernelConfig | undefined {
  const stock = getKernel(GatherV2, backendName);
  if (!stock) return undefined;
  const kernelFunc: KernelFunc = (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
    const dtype = x.dtype === 'float32' || x.dtype === 'int32' ? x.dtype : undefined;
    const rowsFast =
      dtype !== undefined &&
      indices.dtype === 'int32' &&
      x.shape.length > 0 &&
      util.parseAxisParam(axis, x.shape)[0] === 0 &&
      (batchDims ?? 0) === 0;
    if (!rowsFast) return stock.kernelFunc(args);
    const memory = new KernelMemory(backendName, args.backend as KernelBackend);
    const rows = x.shape[0];
    const ids = memory.int32Values(indices);
    for (let i = 0; i < ids.length; i++) {
      // The stock kernels' check and message.
      if (ids[i] < 0 || ids[i] > rows - 1) {
        throw new Error(`GatherV2: the index value ${ids[i]} is not in [0, ${rows - 1}]`);
      }
    }
    const rowSize = util.sizeFromShape(x.shape.slice(1));
    const out = memory.allocateUninitialised([...indices.shape, ...x.shape.slice(1)], dtype);
    // Views after the allocation, which may grow (and detach) the wasm heap.
    const source = memory.typedValues(x);
    const target = memory.typedValues(out);
    const idValues = memory.int32Values(indices);
    for (let i = 0; i < idValues.length; i++) {
      const from = idValues[i] * rowSize;
      target.set(source.subarray(from, from + rowSize), i * rowSize);
    }
    return out;
  };
  // The stock setup binds the wasm function that the stock kernelFunc calls.
  return { kernelName: GatherV2, backendName, kernelFunc, setupFunc: stock.setupFunc };
}
