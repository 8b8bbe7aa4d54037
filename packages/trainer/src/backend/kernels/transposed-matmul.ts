import {
  BatchMatMul,
  getKernel,
  Transpose,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * The wasm BatchMatMul with `transposeA`/`transposeB` runs several times slower
 * than an explicit transpose followed by a plain matmul (measured: 6.3 ms vs
 * 1.5 ms for a dense layer's input gradient at batch 64). Every dense layer's
 * backward pass asks for a transposed matmul, so this wrapper transposes first.
 */
export function transposedMatMulKernel(): KernelConfig | undefined {
  const stock = getKernel(BatchMatMul, 'wasm');
  const transpose = getKernel(Transpose, 'wasm');
  if (!stock || !transpose) return undefined;
  const swapLastTwo = (x: TensorInfo, backend: unknown): TensorInfo => {
    const rank = x.shape.length;
    const perm = [...Array(rank).keys()];
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
    return transpose.kernelFunc({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
  };
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return stock.kernelFunc({ inputs, backend, attrs });
    const wasm = backend as unknown as { disposeData(id: unknown, force?: boolean): void };
    const left = transposeA ? swapLastTwo(a, backend) : a;
    const right = transposeB ? swapLastTwo(b, backend) : b;
    const out = stock.kernelFunc({
      inputs: { a: left, b: right },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    if (transposeA) wasm.disposeData(left.dataId, true);
    if (transposeB) wasm.disposeData(right.dataId, true);
    return out;
  };
  // The stock setup binds the wasm function that the stock kernelFunc calls.
  return { kernelName: BatchMatMul, backendName: 'wasm', kernelFunc, setupFunc: stock.setupFunc };
}
