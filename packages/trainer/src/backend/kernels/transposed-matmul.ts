import {
  BatchMatMul,
  getKernel,
  Transpose,
  util,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/*
 * Relative cost per element of the two things a wasm matmul spends time on
 * besides the multiply-adds: the XNNPACK operator packs (and transposes) its
 * right-hand operand on every call, ~3.5 ns per element, and a wasm Transpose
 * moves ~0.4–0.7 ns per element for the shapes dense layers produce.
 */
const PACK_COST = 4;
const TRANSPOSE_COST = 1;

/**
 * Whether `op(a)·op(b)` is cheaper computed as `(op(b)ᵀ·op(a)ᵀ)ᵀ`: the packed
 * operand becomes op(a) instead of op(b). A dense layer's input gradient
 * `dy [64, 64] · Wᵀ` packs all of W [1568, 64] one way and only dy the other
 * (0.8 ms against 0.5 ms). Batched products keep the direct form.
 */
function swapIsCheaper(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): boolean {
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  if (util.sizeFromShape(a.shape.slice(0, -2)) !== 1 || util.sizeFromShape(b.shape.slice(0, -2)) !== 1) {
    return false;
  }
  const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
  const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
  const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
  const direct = (transposeA ? m * k : 0) * TRANSPOSE_COST + (transposeB ? k * n : 0) * TRANSPOSE_COST;
  const swapped = (transposeA ? 0 : m * k) * TRANSPOSE_COST + (transposeB ? 0 : k * n) * TRANSPOSE_COST;
  return swapped + (n * m * TRANSPOSE_COST + k * m * PACK_COST) < direct + k * n * PACK_COST;
}

/**
 * The wasm BatchMatMul with `transposeA`/`transposeB` runs several times slower
 * than an explicit transpose followed by a plain matmul (measured: 6.3 ms vs
 * 1.5 ms for a dense layer's input gradient at batch 64). Every dense layer's
 * backward pass asks for a transposed matmul, so this wrapper transposes first,
 * on whichever side leaves the smaller operand to pack.
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
    const plain = { ...attrs, transposeA: false, transposeB: false };
    if (swapIsCheaper(a, b, transposeA, transposeB)) {
      // op(a)·op(b) = (op(b)ᵀ·op(a)ᵀ)ᵀ, and op(b)ᵀ is b itself when transposeB.
      const left = transposeB ? b : swapLastTwo(b, backend);
      const right = transposeA ? a : swapLastTwo(a, backend);
      const product = stock.kernelFunc({
        inputs: { a: left, b: right },
        backend,
        attrs: plain,
      }) as TensorInfo;
      if (!transposeB) wasm.disposeData(left.dataId, true);
      if (!transposeA) wasm.disposeData(right.dataId, true);
      const out = swapLastTwo(product, backend);
      wasm.disposeData(product.dataId, true);
      return out;
    }
    const left = transposeA ? swapLastTwo(a, backend) : a;
    const right = transposeB ? swapLastTwo(b, backend) : b;
    const out = stock.kernelFunc({ inputs: { a: left, b: right }, backend, attrs: plain });
    if (transposeA) wasm.disposeData(left.dataId, true);
    if (transposeB) wasm.disposeData(right.dataId, true);
    return out;
  };
  // The stock setup binds the wasm function that the stock kernelFunc calls.
  return { kernelName: BatchMatMul, backendName: 'wasm', kernelFunc, setupFunc: stock.setupFunc };
}
