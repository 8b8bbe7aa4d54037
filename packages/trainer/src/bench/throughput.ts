import * as tf from '@tensorflow/tfjs-core';
import { CONTENDED_CORES, otherCores, sampleCpu } from './cpu-contention.js';
import type { PreparedWorkload } from './training-workloads.js';

/** Training throughput over one timed window. */
export interface Throughput {
  samplesPerSec: number;
  /** Mean over the window (what samples/s is computed from). */
  msPerBatch: number;
  /** Less sensitive to a GC pause or a noisy neighbour than the mean. */
  medianMsPerBatch: number;
  steps: number;
  seconds: number;
  warmupSteps: number;
  finalLoss: number;
  /** Tensors left behind by the timed steps; anything but 0 is a leak in the step. */
  leakedTensors: number;
  /** Cores busy with other processes during the reported window; undefined off Linux. */
  otherCores: number | undefined;
  /** Timed windows run: more than 1 when a window was contended and retried. */
  windows: number;
}

/** A contended window is retried up to this many times in all; the least contended one is reported. */
const MAX_WINDOWS = 3;

/** Yields like train.ts does before every batch, so its cost is part of the figure. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Warms up (at least 2 steps and `warmupSeconds`: the first steps compile
 * kernels and grow the wasm heap), then times at least 3 steps and `seconds`.
 * A window during which other processes kept more than `CONTENDED_CORES`
 * busy is run again (at most `MAX_WINDOWS` in all), keeping the quietest.
 */
export async function measureThroughput(
  workload: PreparedWorkload,
  seconds: number,
  warmupSeconds: number,
): Promise<Throughput> {
  let warmupSteps = 0;
  const warmupStart = performance.now();
  while (warmupSteps < 2 || performance.now() - warmupStart < warmupSeconds * 1000) {
    await nextTick();
    workload.step();
    warmupSteps++;
  }

  let quietest: WindowResult | undefined;
  let windows = 0;
  while (windows < MAX_WINDOWS) {
    const result = await timedWindow(workload, seconds);
    windows++;
    if (!quietest || (result.otherCores ?? 0) < (quietest.otherCores ?? 0)) quietest = result;
    if ((result.otherCores ?? 0) <= CONTENDED_CORES) break;
  }
  return { ...quietest!, warmupSteps, windows };
}

type WindowResult = Omit<Throughput, 'warmupSteps' | 'windows'>;

async function timedWindow(workload: PreparedWorkload, seconds: number): Promise<WindowResult> {
  const tensorsBefore = tf.memory().numTensors;
  const times: number[] = [];
  let finalLoss = Number.NaN;
  const cpuStart = sampleCpu();
  const start = performance.now();
  while (times.length < 3 || performance.now() - start < seconds * 1000) {
    await nextTick();
    const t0 = performance.now();
    finalLoss = workload.step().loss;
    times.push(performance.now() - t0);
  }
  const elapsedMs = performance.now() - start;
  return {
    samplesPerSec: (times.length * workload.batchSize) / (elapsedMs / 1000),
    msPerBatch: elapsedMs / times.length,
    medianMsPerBatch: median(times),
    steps: times.length,
    seconds: elapsedMs / 1000,
    finalLoss,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
    otherCores: otherCores(cpuStart, sampleCpu()),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
