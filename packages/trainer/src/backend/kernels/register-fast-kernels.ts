import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { conv2dGradientKernels } from './conv2d-gradients.js';
import type { FastKernelBackendName } from './kernel-memory.js';
import { poolingAndSegmentKernels } from './pooling-and-segment-gradients.js';
import { transposedMatMulKernel } from './transposed-matmul.js';

/** The names of the kernels this module replaces or adds. */
export const FAST_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'UnsortedSegmentSum',
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
 * embedding gradient). On wasm they add what is missing and replace what is
 * slow; on cpu they replace a filter gradient that runs at ~9 CNN samples/s.
 */
export function registerFastKernels(backendName: FastKernelBackendName): void {
  if (registered.has(backendName)) return;
  registered.add(backendName);
  const configs = [...conv2dGradientKernels(backendName), ...poolingAndSegmentKernels(backendName)];
  const matMul = backendName === 'wasm' ? transposedMatMulKernel() : undefined;
  if (matMul) configs.push(matMul);
  for (const config of configs) {
    if (getKernel(config.kernelName, backendName)) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  }
}

/** The stock cpu kernel of that name, as tfjs ships it (for comparisons in tests). */
export function stockCpuKernel(name: (typeof FAST_KERNEL_NAMES)[number]): KernelConfig | undefined {
  return stockCpuKernels.get(name);
}
