import {
  Cast,
  getKernel,
  Identity,
  type CastAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

interface RefCountedBackend {
  incRef(dataId: TensorInfo['dataId']): void;
}

/*
 * Tensor data is never written after its kernel returns, so an output equal to
 * its input can share the input's buffer under one more reference, as the cpu
 * backend's Identity and Cast and the wasm Reshape already do. The stock wasm
 * Identity and Cast copy instead.
 */
function share(x: TensorInfo, backend: unknown): TensorInfo {
  (backend as RefCountedBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * Identity without the copy. The engine clones every tensor it saves for the
 * backward pass through this kernel: 39 calls per reference-CNN step, whole
 * activations among them (0.9 ms of copying). Strings keep the stock path.
 */
export function sharedIdentityKernel(): KernelConfig | undefined {
  const stock = getKernel(Identity, 'wasm');
  if (!stock) return undefined;
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return x.dtype === 'string' ? stock.kernelFunc(args) : share(x, args.backend);
  };
  return { kernelName: Identity, backendName: 'wasm', kernelFunc, setupFunc: stock.setupFunc };
}

/**
 * Cast to the dtype a tensor already has, without the copy: every ReLU
 * gradient casts its float32 mask to float32. Real conversions keep the stock
 * path.
 */
export function sharedCastKernel(): KernelConfig | undefined {
  const stock = getKernel(Cast, 'wasm');
  if (!stock) return undefined;
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as unknown as CastAttrs;
    return dtype === x.dtype && dtype !== 'string' ? share(x, args.backend) : stock.kernelFunc(args);
  };
  return { kernelName: Cast, backendName: 'wasm', kernelFunc, setupFunc: stock.setupFunc };
}
