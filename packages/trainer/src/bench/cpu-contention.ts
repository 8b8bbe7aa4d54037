import { readFileSync } from 'node:fs';

/**
 * How busy the machine was with work other than ours during a window, in
 * cores. On a shared 2-core box one `npm i` or test run next door halves a
 * figure (and stalls a 2-thread PyTorch far worse, since its OpenMP threads
 * spin at barriers waiting for a descheduled sibling), so the benchmark
 * measures this instead of trusting every window.
 */
export interface CpuSample {
  wallMs: number;
  /** Seconds of CPU time the whole machine spent busy, from /proc/stat; undefined off Linux. */
  machineBusySeconds: number | undefined;
  /** Seconds of CPU time this process used (all its threads). */
  ownSeconds: number;
}

/** /proc/stat counts in USER_HZ, which Linux fixes at 100 for user space. */
const USER_HZ = 100;

/** Above this many cores busy elsewhere a window is retried, and reported as contended if it stays so. */
export const CONTENDED_CORES = 0.25;

export function sampleCpu(): CpuSample {
  const usage = process.cpuUsage();
  return {
    wallMs: performance.now(),
    machineBusySeconds: machineBusySeconds(),
    ownSeconds: (usage.user + usage.system) / 1e6,
  };
}

/** Mean number of cores busy with other processes between two samples; undefined when unknown. */
export function otherCores(start: CpuSample, end: CpuSample): number | undefined {
  if (start.machineBusySeconds === undefined || end.machineBusySeconds === undefined) return undefined;
  const wallSeconds = (end.wallMs - start.wallMs) / 1000;
  if (wallSeconds <= 0) return undefined;
  const other = end.machineBusySeconds - start.machineBusySeconds - (end.ownSeconds - start.ownSeconds);
  // Jiffy rounding can make an idle machine look slightly negative.
  return Math.max(0, other / wallSeconds);
}

function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((f) => !Number.isFinite(f))) return undefined;
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + steal) / USER_HZ;
  } catch {
    return undefined;
  }
}
