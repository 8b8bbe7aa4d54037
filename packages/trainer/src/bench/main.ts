/**
 * `npm run bench -w @driftboard/trainer [-- --out results.json]`: training
 * throughput of the reference CNN, the LSTM and an MLP with the library's own
 * training step, linear CKA timing and accuracy, the same training in PyTorch
 * on the CPU for comparison, and a kernel profile of a CNN and an LSTM step.
 * Markdown goes to stdout, progress to stderr. It only reports: nothing here
 * fails on a slow figure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../backend/select-backend.js';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './bench-options.js';
import { timeLinearCka, type CkaTiming } from './cka-timing.js';
import { profileWorkload, type KernelProfile } from './kernel-profile.js';
import { runPytorchPeer } from './pytorch-peer.js';
import { checkTargets, renderMarkdown, type BenchResults, type TrainingResult } from './report.js';
import { measureThroughput } from './throughput.js';
import {
  BENCH_BATCH_SIZE,
  WORKLOAD_NAMES,
  prepareWorkload,
  type WorkloadName,
} from './training-workloads.js';

/** The peer gets the machine's 2 cores, as asked; our wasm backend runs on as many threads as it reports. */
const PYTORCH_THREADS = 2;
const PROFILED: readonly WorkloadName[] = ['cnn', 'lstm'];
const CKA_SIZES: readonly [number, number][] = [
  [512, 2048],
  [1024, 512],
];

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Runs every measurement in turn (never two at once: they would share the cores). */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const started = performance.now();
  const backend = await selectBackend();
  log(`backend ${backend.name}`);
  const wasm = backend.name === 'wasm' ? await wasmDetails() : undefined;

  const measured: { name: WorkloadName; description: string; data: string; tfjs: TrainingResult['tfjs'] }[] =
    [];
  const profiles: KernelProfile[] = [];
  for (const name of WORKLOAD_NAMES) {
    const workload = await prepareWorkload(name);
    try {
      log(`${name}: training for ${options.warmupSeconds} s warm-up + ${options.seconds} s`);
      const tfjs = await measureThroughput(workload, options.seconds, options.warmupSeconds);
      log(`${name}: ${tfjs.samplesPerSec.toFixed(0)} samples/s`);
      measured.push({ name, description: workload.description, data: workload.data, tfjs });
      if (options.profile && PROFILED.includes(name)) {
        log(`${name}: profiling`);
        profiles.push(await profileWorkload(workload));
      }
    } finally {
      workload.dispose();
    }
  }

  const cka: CkaTiming[] = [];
  for (const [n, d] of CKA_SIZES) {
    log(`linear CKA n=${n}, d=${d} (and its float64 reference)`);
    cka.push(timeLinearCka(n, d));
  }

  log(options.pytorch ? `PyTorch peer (${options.python})` : 'PyTorch peer skipped (--no-pytorch)');
  const pytorch = options.pytorch
    ? await runPytorchPeer({
        python: options.python,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        batchSize: BENCH_BATCH_SIZE,
        threads: PYTORCH_THREADS,
        workloads: WORKLOAD_NAMES,
      })
    : ({ available: false, reason: 'PyTorch comparison skipped (--no-pytorch)' } as const);

  const training: TrainingResult[] = measured.map((m) => {
    const peer = pytorch.available ? pytorch.results[m.name] : undefined;
    return {
      workload: m.name,
      description: m.description,
      data: m.data,
      tfjs: m.tfjs,
      ...(peer ? { pytorch: peer, ratio: m.tfjs.samplesPerSec / peer.samplesPerSec } : {}),
    };
  });
  const notes = [
    'The tfjs side trains on real MNIST (CNN, MLP) or seeded random frames (LSTM); PyTorch trains on ' +
      'random tensors of the same shapes. Step cost does not depend on the values.',
    'PyTorch uses CrossEntropyLoss on logits; the tfjs side uses the library loss (softmax, clip, log), ' +
      'as train() does.',
    'Stock-tfjs figure not measured: the stock wasm backend has no Conv2DBackpropFilter, so the CNN ' +
      'cannot train on it without the fast kernels.',
  ];
  if (wasm && wasm.threads < PYTORCH_THREADS) {
    notes.push(
      `The wasm backend runs on ${wasm.threads} thread${wasm.threads === 1 ? '' : 's'} while PyTorch gets ${PYTORCH_THREADS}: ` +
        'part of the gap is cores, not kernels.',
    );
  }
  return {
    startedAt: new Date().toISOString(),
    totalSeconds: (performance.now() - started) / 1000,
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown CPU',
      cores: os.cpus().length,
      platform: `${os.platform()} ${os.arch()}`,
      node: process.version,
    },
    backend: { name: backend.name, skipped: backend.skipped, ...(wasm ? { wasm } : {}) },
    batchSize: BENCH_BATCH_SIZE,
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
    training,
    cka,
    pytorch,
    targets: checkTargets(training, cka),
    profiles,
    notes,
  };
}

/** SIMD and thread count matter for reading the numbers against a 2-thread PyTorch. */
async function wasmDetails(): Promise<{ simd: boolean; threads: number }> {
  const require = createRequire(import.meta.url);
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  return {
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: wasm.getThreadsCount(),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  if (options === 'help') {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return;
  }
  const results = await runBench(options);
  process.stdout.write(`${renderMarkdown(results)}\n`);
  if (options.out) {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${options.out}`);
  }
}

// Run only as the entry script, so runBench can be imported without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
