import type { CkaTiming } from './cka-timing.js';
import { CONTENDED_CORES } from './cpu-contention.js';
import type { KernelProfile, KernelShare } from './kernel-profile.js';
import type { PeerOutcome, PeerThroughput } from './pytorch-peer.js';
import type { Throughput } from './throughput.js';
import type { WorkloadName } from './training-workloads.js';

/** The lead's targets. CNN and LSTM are relative to PyTorch on the same machine. */
export const TARGETS = {
  cnnRatio: 0.3,
  lstmRatio: 0.5,
  ckaN: 512,
  ckaD: 2048,
  ckaMs: 150,
  ckaMaxError: 1e-4,
} as const;

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  subject: string;
  target: string;
  status: TargetStatus;
  /** Other processes kept the CPU busy during a window the verdict rests on: rerun on a quiet machine. */
  contended: boolean;
}

/** True when other processes kept more than `CONTENDED_CORES` busy during the window. */
export function isContended(figure: { otherCores?: number | null } | undefined): boolean {
  return (figure?.otherCores ?? 0) > CONTENDED_CORES;
}

export interface TrainingResult {
  workload: WorkloadName;
  description: string;
  data: string;
  tfjs: Throughput;
  pytorch?: PeerThroughput;
  /** tfjs samples/s ÷ PyTorch samples/s. */
  ratio?: number;
}

export interface BenchResults {
  startedAt: string;
  totalSeconds: number;
  machine: { cpu: string; cores: number; platform: string; node: string };
  backend: {
    /** The `system/backend` metric value train() reports. */
    name: string;
    skipped: { name: string; reason: string }[];
    wasm?: { simd: boolean; threads: number };
  };
  batchSize: number;
  /** Timed window and warm-up per training workload, on each side. */
  seconds: number;
  warmupSeconds: number;
  training: TrainingResult[];
  cka: CkaTiming[];
  pytorch: PeerOutcome;
  targets: TargetCheck[];
  profiles: KernelProfile[];
  notes: string[];
}

/** Checks the targets from the measured figures; a missing PyTorch figure is "not measured", never "met". */
export function checkTargets(training: TrainingResult[], cka: CkaTiming[]): TargetCheck[] {
  const ratioCheck = (workload: WorkloadName, subject: string, min: number): TargetCheck => {
    const result = training.find((t) => t.workload === workload);
    const ratio = result?.ratio;
    return {
      subject,
      target: `≥ ${min}× PyTorch`,
      status: ratio === undefined ? 'not measured' : ratio >= min ? 'met' : 'missed',
      contended: isContended(result?.tfjs) || isContended(result?.pytorch),
    };
  };
  const ckaRun = cka.find((c) => c.n === TARGETS.ckaN && c.d === TARGETS.ckaD);
  return [
    ratioCheck('cnn', 'cnn', TARGETS.cnnRatio),
    ratioCheck('lstm', 'lstm', TARGETS.lstmRatio),
    {
      subject: `cka n=${TARGETS.ckaN},d=${TARGETS.ckaD}`,
      target: `< ${TARGETS.ckaMs} ms, error ≤ ${TARGETS.ckaMaxError}`,
      status:
        ckaRun === undefined
          ? 'not measured'
          : ckaRun.medianMs < TARGETS.ckaMs && ckaRun.maxAbsError <= TARGETS.ckaMaxError
            ? 'met'
            : 'missed',
      // CKA has no contention probe of its own; its windows are short and it ran between the others.
      contended: false,
    },
  ];
}

const integer = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function targetCell(check: TargetCheck | undefined): string {
  if (!check) return '—';
  const mark = check.status === 'met' ? '**met**' : check.status === 'missed' ? '**missed**' : 'not measured';
  return `${check.target}: ${mark}${check.contended ? ' ⚠ contended, rerun' : ''}`;
}

/** The whole report as Markdown: header, the results table, notes, then the kernel profiles. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, backend, pytorch } = results;
  const lines: string[] = ['# driftboard trainer benchmark', ''];
  lines.push(`- Machine: ${machine.cpu}, ${machine.cores} cores (${machine.platform}, Node ${machine.node})`);
  const wasm = backend.wasm
    ? ` (${backend.wasm.simd ? 'SIMD' : 'no SIMD'}, ${backend.wasm.threads} thread${backend.wasm.threads === 1 ? '' : 's'})`
    : '';
  lines.push(`- Backend: system/backend = \`${backend.name}\`${wasm}`);
  for (const s of backend.skipped) lines.push(`  - skipped ${s.name}: ${s.reason}`);
  if (pytorch.available) {
    const blas = pytorch.blasLibraries.find((l) => /blas/i.test(l)) ?? pytorch.blasInfo ?? 'unknown';
    const env = Object.entries(pytorch.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(
      `- PyTorch: ${pytorch.torch} on CPU, Python ${pytorch.python}, torch.set_num_threads(${pytorch.threads}), ` +
        `interop ${pytorch.interopThreads}, mkldnn ${pytorch.mkldnn ? 'on' : 'off'}, BLAS ${blas}, ${env}`,
    );
  } else {
    lines.push(`- ${pytorch.reason}`);
  }
  lines.push(
    `- Batch ${results.batchSize}, Adam lr 1e-3, cross-entropy; each side warms up ≥ ${results.warmupSeconds} s, ` +
      `then times ≥ ${results.seconds} s of steps. Total bench time ${results.totalSeconds.toFixed(0)} s.`,
    '',
  );

  const targetFor = (subject: string) => results.targets.find((t) => t.subject === subject);
  lines.push(
    `| model | driftboard (${backend.name}) samples/s | PyTorch CPU samples/s | ratio | target |`,
    '|---|---:|---:|---:|---|',
  );
  for (const t of results.training) {
    const flag = (f: { otherCores?: number | null }) => (isContended(f) ? ' ⚠' : '');
    const ours = `${integer(t.tfjs.samplesPerSec)} (${ms(t.tfjs.msPerBatch)} ms/batch)${flag(t.tfjs)}`;
    const peer = t.pytorch
      ? `${integer(t.pytorch.samplesPerSec)} (${ms(t.pytorch.msPerBatch)} ms/batch)${flag(t.pytorch)}`
      : 'n/a';
    const ratio = t.ratio === undefined ? 'n/a' : `${t.ratio.toFixed(2)}×`;
    lines.push(`| ${t.description} | ${ours} | ${peer} | ${ratio} | ${targetCell(targetFor(t.workload))} |`);
  }
  for (const c of results.cka) {
    const ours =
      `${ms(c.medianMs)} ms median of ${c.runs} (min ${ms(c.minMs)}); ` +
      `max abs err ${c.maxAbsError.toExponential(1)}`;
    lines.push(
      `| linear CKA n=${c.n}, d=${c.d} | ${ours} | — | — | ${targetCell(
        targetFor(`cka n=${c.n},d=${c.d}`),
      )} |`,
    );
  }
  lines.push('');

  if (results.training.some((t) => isContended(t.tfjs) || isContended(t.pytorch))) {
    lines.push(
      `⚠ = other processes kept more than ${CONTENDED_CORES} cores busy during that window even after ` +
        'retries; the figure is low by an unknown amount. Rerun on a quiet machine.',
      '',
    );
  }
  lines.push('Details:', '');
  const load = (f: { otherCores?: number | null; windows: number }) =>
    `${f.otherCores == null ? 'load elsewhere unknown' : `${f.otherCores.toFixed(2)} cores busy elsewhere`}` +
    `${f.windows > 1 ? `, quietest of ${f.windows} windows` : ''}`;
  for (const t of results.training) {
    const leak = t.tfjs.leakedTensors === 0 ? 'no tensor leak' : `**${t.tfjs.leakedTensors} tensors leaked**`;
    lines.push(
      `- ${t.workload}: ${t.data}; tfjs ${t.tfjs.steps} steps in ${t.tfjs.seconds.toFixed(1)} s, median ` +
        `${ms(t.tfjs.medianMsPerBatch)} ms/batch, final loss ${t.tfjs.finalLoss.toFixed(3)}, ${leak}, ` +
        load(t.tfjs) +
        (t.pytorch
          ? `; PyTorch ${t.pytorch.steps} steps, median ${ms(t.pytorch.medianMsPerBatch)} ms/batch, ` +
            load(t.pytorch)
          : ''),
    );
  }
  for (const c of results.cka) {
    lines.push(
      `- CKA n=${c.n}, d=${c.d}: ${c.value.toFixed(6)} vs float64 reference ${c.reference.toFixed(6)} ` +
        `(reference took ${integer(c.referenceMs)} ms)`,
    );
  }
  for (const note of results.notes) lines.push(`- ${note}`);
  lines.push('');

  for (const p of results.profiles) lines.push(...renderProfile(p));
  return lines.join('\n');
}

function renderProfile(p: KernelProfile): string[] {
  const jsSide = p.wallMsPerBatch - p.kernelMsPerBatch;
  const lines = [
    `## Where a ${p.workload} step goes (tf.profile, mean of ${p.batches} batches)`,
    '',
    `Wall ${ms(p.wallMsPerBatch)} ms/batch under the profiler (which adds bookkeeping per kernel call; ` +
      `the unprofiled step is in the table); kernels ${ms(p.kernelMsPerBatch)} ms ` +
      `(${integer(p.kernelCallsPerBatch)} calls); outside kernels (JS: tape, layers, tidy, dispatch, profiler) ` +
      `${ms(jsSide)} ms (${percent(jsSide / p.wallMsPerBatch)} of wall).`,
    '',
    '| kernel | calls/batch | ms/batch | share of kernel time |',
    '|---|---:|---:|---:|',
    ...p.byName.slice(0, 12).map(row),
    '',
    ...(p.wrappers.length > 0
      ? [
          'Custom-gradient ops, timed around kernels already counted above (not in the sums): ' +
            p.wrappers
              .map((w) => `${w.name} ${w.callsPerBatch.toFixed(0)}× ${ms(w.msPerBatch)} ms`)
              .join(', ') +
            '.',
          '',
        ]
      : []),
    'Top kernel calls by input shapes:',
    '',
    '| kernel | input shapes | calls/batch | ms/batch | share |',
    '|---|---|---:|---:|---:|',
    ...p.byShape
      .slice(0, 10)
      .map(
        (k) =>
          `| ${k.name} | ${k.inputShapes} | ${k.callsPerBatch.toFixed(0)} | ${ms(k.msPerBatch)} | ${percent(k.share)} |`,
      ),
    '',
  ];
  return lines;
}

function row(k: KernelShare): string {
  return `| ${k.name} | ${k.callsPerBatch.toFixed(0)} | ${ms(k.msPerBatch)} | ${percent(k.share)} |`;
}
