import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { broadcastAddKernel } from './broadcast-add.js';
import { conv2dGradientKernels } from './conv2d-gradients.js';
import { gatherRowsKernel } from './gather-rows.js';
import type { FastKernelBackendName } from './kernel-memory.js';
import { leadingAxesSumKernel } from './leading-axes-sum.js';
import { lstmSequenceKernels } from './lstm-sequence-kernels.js';
import { poolingAndSegmentKernels } from './pooling-and-segment-gradients.js';
import { sharedCastKernel, sharedIdentityKernel } from './shared-buffer-kernels.js';
import { tileKernel } from './tile.js';
import { transposedMatMulKernel } from './transposed-matmul.js';

/** The names of the kernels this module replaces or adds. */
export const FAST_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'UnsortedSegmentSum',
  'Sum',
  'GatherV2',
  'Add',
  'Identity',
  'Cast',
  'BatchMatMul',
] as const;

/*
 * The cpu backend's own kernels, captured before we replace them, so tests can
 * check ours against them.
 */
const stockCpuKernels = new Map<string, KernelConfig>();
for (const name of FAST_KERNEL_NAMES) {
  const kernel = getKernel(name, 'cpu');
  if (kernel) stockCpuKernels.set(name, kernel);
}

const registered = new Set<FastKernelBackendName>();

/**
 * Registers driftboard's gradient kernels on a CPU backend: Conv2D filter and
 * input gradients (im2col + matmul), MaxPoolGrad and UnsortedSegmentSum (the
 * embedding gradient), plus fast paths for leading-axes Sum (bias gradients)
 * and axis-0 GatherV2 (batch assembly); on wasm also transposed matmuls,
 * bias-broadcast Add, and Identity and same-dtype Cast without a copy. On wasm
 * they add what is missing and replace what is slow; on cpu they replace a
 * filter gradient that runs at ~9 CNN samples/s.
 */
export function registerFastKernels(backendName: FastKernelBackendName): void {
  if (registered.has(backendName)) return;
  registered.add(backendName);
  const configs = [...conv2dGradientKernels(backendName), ...poolingAndSegmentKernels(backendName)];
  // The fused LSTM sequence (forward and BPTT) that models/fused-lstm.ts runs.
  configs.push(...lstmSequenceKernels(backendName));
  // LayerNormalization tiles its scale and offset every call; the wasm Tile is very slow.
  configs.push(tileKernel(backendName));
  const matMul = backendName === 'wasm' ? transposedMatMulKernel() : undefined;
  if (matMul) configs.push(matMul);
  // Bias gradients, batch assembly, the tape's clones, ReLU-mask casts and
  // bias adds: fast paths that hand every other case to the stock kernel.
  const wasmOnly =
    backendName === 'wasm' ? [sharedIdentityKernel(), sharedCastKernel(), broadcastAddKernel()] : [];
  for (const config of [leadingAxesSumKernel(backendName), gatherRowsKernel(backendName), ...wasmOnly]) {
    if (config) configs.push(config);
  }
  for (const config of configs) {
    if (getKernel(config.kernelName, backendName)) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  }
}

/** The stock cpu kernel of that name, as tfjs ships it (for comparisons in tests). */
export function stockCpuKernel(name: (typeof FAST_KERNEL_NAMES)[number]): KernelConfig | undefined {
  return stockCpuKernels.get(name);
}
