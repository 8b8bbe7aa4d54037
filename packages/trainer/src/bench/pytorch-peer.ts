import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkloadName } from './training-workloads.js';

/** One workload's figures from the Python script (same fields as the tfjs side's `Throughput`). */
export interface PeerThroughput {
  samplesPerSec: number;
  msPerBatch: number;
  medianMsPerBatch: number;
  steps: number;
  seconds: number;
  warmupSteps: number;
  finalLoss: number;
  /** Cores busy with other processes during the reported window (null off Linux). */
  otherCores: number | null;
  windows: number;
}

export type PeerOutcome =
  | {
      available: true;
      torch: string;
      python: string;
      threads: number;
      interopThreads: number;
      mkldnn: boolean;
      blasInfo: string | null;
      blasLibraries: string[];
      /** Environment the script ran with that changes its speed. */
      env: Record<string, string>;
      results: Partial<Record<WorkloadName, PeerThroughput>>;
    }
  | { available: false; reason: string };

export interface PeerOptions {
  python: string;
  seconds: number;
  warmupSeconds: number;
  batchSize: number;
  threads: number;
  workloads: readonly WorkloadName[];
}

/** The script lives outside src so that tsc leaves it alone: packages/trainer/bench/. */
export const PYTORCH_SCRIPT = fileURLToPath(new URL('../../bench/pytorch-bench.py', import.meta.url));

export function notImportableMessage(python: string): string {
  return `PyTorch not importable by ${python}: install Debian's python3-torch and libopenblas0-pthread for the comparison`;
}

/**
 * Runs the PyTorch peer and parses its one line of JSON. Never throws: any
 * failure becomes `{ available: false, reason }` so the tfjs side still reports.
 */
export function runPytorchPeer(options: PeerOptions): Promise<PeerOutcome> {
  const args = [
    PYTORCH_SCRIPT,
    '--seconds',
    String(options.seconds),
    '--warmup-seconds',
    String(options.warmupSeconds),
    '--threads',
    String(options.threads),
    '--batch-size',
    String(options.batchSize),
    '--models',
    options.workloads.join(','),
  ];
  // Debian's torch calls BLAS through libopenblas0-pthread, whose own thread pool
  // does not follow torch.set_num_threads and fights torch's OpenMP threads for the
  // cores (measured on a 2-core VM: the MLP ~50× and the CNN ~2× slower). One BLAS thread
  // leaves torch's 2 threads in charge, the setup a pip/MKL torch has by default.
  const env: Record<string, string> = { OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS ?? '1' };
  // Generous: import alone can take seconds, and 3 workloads each warm up and time a window.
  const timeoutMs = (options.workloads.length * (options.seconds + options.warmupSeconds) + 30) * 2000;
  return new Promise((resolve) => {
    execFile(
      options.python,
      args,
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'EACCES') {
          resolve({ available: false, reason: notImportableMessage(options.python) });
          return;
        }
        const lastLine = stdout.trim().split('\n').pop() ?? '';
        let parsed: { ok?: boolean; error?: string; message?: string } & Record<string, unknown>;
        try {
          parsed = JSON.parse(lastLine) as typeof parsed;
        } catch {
          const why = error ? error.message.split('\n')[0] : 'no JSON on stdout';
          const tail = stderr.trim().split('\n').slice(-3).join(' | ');
          resolve({ available: false, reason: `PyTorch peer failed (${why})${tail ? `: ${tail}` : ''}` });
          return;
        }
        if (!parsed.ok) {
          resolve({
            available: false,
            reason:
              parsed.error === 'import'
                ? `${notImportableMessage(options.python)} (${parsed.message})`
                : `PyTorch peer failed: ${parsed.message ?? 'unknown error'}`,
          });
          return;
        }
        resolve({
          available: true,
          torch: String(parsed.torch),
          python: String(parsed.python),
          threads: Number(parsed.threads),
          interopThreads: Number(parsed.interopThreads),
          mkldnn: Boolean(parsed.mkldnn),
          blasInfo: (parsed.blasInfo as string | null) ?? null,
          blasLibraries: (parsed.blasLibraries as string[]) ?? [],
          env,
          results: parsed.results as Partial<Record<WorkloadName, PeerThroughput>>,
        });
      },
    );
  });
}
