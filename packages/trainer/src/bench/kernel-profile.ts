import * as tf from '@tensorflow/tfjs-core';
import type { PreparedWorkload } from './training-workloads.js';

/** Kernel time of one kernel name (or name and input shapes), per profiled batch. */
export interface KernelShare {
  name: string;
  /** Input shapes, in the by-shape breakdown only. */
  inputShapes?: string;
  callsPerBatch: number;
  msPerBatch: number;
  /** Of the summed kernel time. */
  share: number;
}

export interface KernelProfile {
  workload: string;
  batches: number;
  /** Wall time of a profiled step (profiling adds a little overhead per kernel). */
  wallMsPerBatch: number;
  /** Summed kernel time; wall minus this is JS-side work (tape, layers, tidy, engine dispatch) plus profiler bookkeeping. */
  kernelMsPerBatch: number;
  kernelCallsPerBatch: number;
  byName: KernelShare[];
  byShape: KernelShare[];
  /**
   * Custom-gradient ops (e.g. `fusedMatMul__op`): the profiler records them like
   * kernels, but their time includes the kernels they run, so they are kept out
   * of the sums and shares above.
   */
  wrappers: KernelShare[];
}

/**
 * Profiles `batches` steps one at a time with `tf.profile` and adds kernel time
 * up by name. Our fast kernels call other kernels' `kernelFunc`s directly, not
 * through the engine, so they are not counted twice; `tf.customGrad` ops are
 * (their record wraps the kernels they run) and are split out as wrappers.
 * On wasm a kernel's time is the wall time of its synchronous call.
 */
export async function profileWorkload(workload: PreparedWorkload, batches = 3): Promise<KernelProfile> {
  // NaN checks read every kernel output back; keep them out of the profile.
  const checks = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  const byName = new Map<string, { calls: number; ms: number }>();
  const byShape = new Map<string, { name: string; shapes: string; calls: number; ms: number }>();
  const wrappers = new Map<string, { calls: number; ms: number }>();
  const backendName = tf.getBackend();
  let wallMs = 0;
  let kernelMs = 0;
  let calls = 0;
  try {
    for (let b = 0; b < batches; b++) {
      const start = performance.now();
      const info = await tf.profile(() => {
        workload.step();
      });
      wallMs += performance.now() - start;
      for (const kernel of info.kernels) {
        // profile() has awaited every time; an {error} means the backend could not time it.
        const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
        if (!tf.getKernel(kernel.name, backendName)) {
          // Not a registered kernel: a customGrad op's scope name, timed around its nested kernels.
          const wrapper = wrappers.get(kernel.name) ?? { calls: 0, ms: 0 };
          wrapper.calls++;
          wrapper.ms += ms;
          wrappers.set(kernel.name, wrapper);
          continue;
        }
        kernelMs += ms;
        calls++;
        const named = byName.get(kernel.name) ?? { calls: 0, ms: 0 };
        named.calls++;
        named.ms += ms;
        byName.set(kernel.name, named);
        // An input the kernel got as null (an optional one, e.g. a missing bias) has no shape.
        const shapes = kernel.inputShapes.map((s) => (s ? `[${s.join(',')}]` : '-')).join(' ');
        const key = `${kernel.name} ${shapes}`;
        const shaped = byShape.get(key) ?? { name: kernel.name, shapes, calls: 0, ms: 0 };
        shaped.calls++;
        shaped.ms += ms;
        byShape.set(key, shaped);
      }
    }
  } finally {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', checks);
  }
  const share = (ms: number) => (kernelMs > 0 ? ms / kernelMs : 0);
  return {
    workload: workload.name,
    batches,
    wallMsPerBatch: wallMs / batches,
    kernelMsPerBatch: kernelMs / batches,
    kernelCallsPerBatch: calls / batches,
    byName: [...byName]
      .map(([name, t]) => ({
        name,
        callsPerBatch: t.calls / batches,
        msPerBatch: t.ms / batches,
        share: share(t.ms),
      }))
      .sort((a, b) => b.msPerBatch - a.msPerBatch),
    wrappers: [...wrappers]
      .map(([name, t]) => ({
        name,
        callsPerBatch: t.calls / batches,
        msPerBatch: t.ms / batches,
        share: share(t.ms),
      }))
      .sort((a, b) => b.msPerBatch - a.msPerBatch),
    byShape: [...byShape.values()]
      .map((t) => ({
        name: t.name,
        inputShapes: t.shapes,
        callsPerBatch: t.calls / batches,
        msPerBatch: t.ms / batches,
        share: share(t.ms),
      }))
      .sort((a, b) => b.msPerBatch - a.msPerBatch),
  };
}
