import { getKernel, type DataId, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The few backend internals our kernels need, for the two CPU backends we
 * register them on. Kernels read and write backend memory directly (no tensors,
 * no tape) because they run inside the gradient computation.
 */
export type FastKernelBackendName = 'wasm' | 'cpu';

interface WasmBackendInternals extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

interface CpuBackendInternals extends KernelBackend {
  makeTensorInfo(shape: number[], dtype: 'float32' | 'int32', values?: Float32Array | Int32Array): TensorInfo;
  data: { get(dataId: DataId): { values: Float32Array | Int32Array } };
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

export class KernelMemory {
  constructor(
    private readonly backendName: FastKernelBackendName,
    readonly backend: KernelBackend,
  ) {}

  /** A new float32 output of `shape`, zero-filled. */
  allocate(shape: number[]): TensorInfo {
    const info = this.allocateUninitialised(shape);
    if (this.backendName === 'wasm') this.values(info).fill(0);
    return info;
  }

  /**
   * A new output of `shape` whose values are whatever the heap held (zeros on
   * cpu): for callers that write every element, where zero-filling first
   * would be a wasted pass over a large buffer.
   */
  allocateUninitialised(shape: number[], dtype: 'float32' | 'int32' = 'float32'): TensorInfo {
    if (this.backendName === 'wasm') return (this.backend as WasmBackendInternals).makeOutput(shape, dtype);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
    return (this.backend as CpuBackendInternals).makeTensorInfo(shape, dtype, values);
  }

  /** `x` with its axes permuted, by the backend's own Transpose kernel (a native copy on wasm). */
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    const kernel = getKernel('Transpose', this.backendName);
    if (!kernel) throw new Error(`the ${this.backendName} backend has no Transpose kernel`);
    return kernel.kernelFunc({ inputs: { x }, backend: this.backend, attrs: { perm } }) as TensorInfo;
  }

  /**
   * A live view of a tensor's values. On wasm the view is into the module heap,
   * which any later allocation may grow and detach: take views after allocating.
   */
  values(info: TensorInfo): Float32Array {
    const values =
      this.backendName === 'wasm'
        ? (this.backend as WasmBackendInternals).typedArrayFromHeap(info)
        : (this.backend as CpuBackendInternals).data.get(info.dataId).values;
    return values as Float32Array;
  }

  int32Values(info: TensorInfo): Int32Array {
    if (info.dtype === 'int32') return this.typedValues(info) as Int32Array;
    return Int32Array.from(this.values(info));
  }

  /** A live view of a float32 or int32 tensor's values, in its own dtype (the same caveat as `values`). */
  typedValues(info: TensorInfo): Float32Array | Int32Array {
    return this.backendName === 'wasm'
      ? (this.backend as WasmBackendInternals).typedArrayFromHeap(info)
      : (this.backend as CpuBackendInternals).data.get(info.dataId).values;
  }

  release(info: TensorInfo): void {
    if (this.backendName === 'wasm') (this.backend as WasmBackendInternals).disposeData(info.dataId, true);
    else (this.backend as CpuBackendInternals).disposeIntermediateTensorInfo(info);
  }

  /**
   * `a` [m, k] × `b` [k, n] → [m, n]. On wasm this is the backend's own
   * (XNNPACK, SIMD) matmul; on cpu a cache-friendly JS loop, since the cpu
   * backend's matmul is a naive triple loop.
   */
  matMul(a: TensorInfo, b: TensorInfo, m: number, k: number, n: number): TensorInfo {
    if (this.backendName === 'wasm') {
      const kernel = getKernel('BatchMatMul', 'wasm');
      if (!kernel) throw new Error('the wasm backend has no BatchMatMul kernel');
      return kernel.kernelFunc({
        inputs: { a: { ...a, shape: [m, k] }, b: { ...b, shape: [k, n] } },
        backend: this.backend,
        attrs: { transposeA: false, transposeB: false },
      }) as TensorInfo;
    }
    const out = this.allocate([m, n]);
    gemm(this.values(a), this.values(b), this.values(out), m, k, n);
    return out;
  }
}

/** out[m, n] += a[m, k] × b[k, n], row-major, in the i-k-j order that streams rows of b and out. */
export function gemm(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const outRow = i * n;
    const aRow = i * k;
    for (let p = 0; p < k; p++) {
      const aValue = a[aRow + p];
      if (aValue === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[outRow + j] += aValue * b[bRow + j];
    }
  }
}
