/** Markdown pieces of `docs/study.md`: tables, numbers and the sentences findings are built from. */
import type { ArmResult, RateChoice } from './context.js';
import { formatPercent, formatPoints, formatStat, separated, type Stat } from './stats.js';

/** One section of the report: a scenario's setup, tables, figures and findings. */
export interface Section {
  id: string;
  title: string;
  setup: string;
  tables: string[][];
  figures: { file: string; caption: string }[];
  findings: string[];
  /** Set when the scenario could not run: why. */
  notRun?: string;
  seconds: number;
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numericFrom = 1,
): string[] {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(escape).join(' | ')} |`,
    `| ${headers.map((_, i) => (i < numericFrom ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
}

/** `3e-4`. */
export function formatRate(rate: number | undefined): string {
  if (rate === undefined) return '—';
  const [mantissa, exponent] = rate.toExponential().split('e');
  const m = Number(mantissa);
  return `${Number.isInteger(m) ? m : m.toFixed(1)}e${Number(exponent)}`;
}

export function rateCell(choice: RateChoice | undefined): string {
  return choice ? formatRate(choice.rate) : '—';
}

/** Accuracy at the last epoch of an arm, e.g. `91.2 ± 0.4 %`. */
export function lastCell(result: ArmResult): string {
  return formatPercent(result.summary.lastClean);
}

export function bestCell(result: ArmResult): string {
  if (result.unchanged) return formatPercent(result.summary.bestClean);
  const epoch = result.summary.bestEpoch;
  return `${formatPercent(result.summary.bestClean)} (ep. ${epoch.mean.toFixed(1)})`;
}

export function ckaCell(result: ArmResult, block?: string): string {
  if (result.unchanged) return '1 (as is)';
  const stat = block === undefined ? result.summary.ckaMean : result.summary.cka[block];
  return stat ? formatStat(stat) : 'n/a';
}

/** A name and a number, e.g. `full, CE (91.2 ± 0.4 %)`. */
export function named(label: string, stat: Stat): string {
  return `${label} (${formatPercent(stat)})`;
}

/**
 * One sentence on which arm scores highest and which others it beats by more
 * than the seeds' spread, e.g. "Best at the last epoch: A (…); it beats B (…)
 * and C (…); D (…) is within the spread."
 */
export function rankingSentence(
  what: string,
  entries: readonly { label: string; stat: Stat }[],
): string | undefined {
  const valid = entries.filter((e) => Number.isFinite(e.stat.mean));
  if (valid.length < 2) return undefined;
  const sorted = [...valid].sort((a, b) => b.stat.mean - a.stat.mean);
  const [top, ...rest] = sorted;
  const beaten = rest.filter((e) => separated(top.stat, e.stat));
  const tied = rest.filter((e) => !separated(top.stat, e.stat));
  let sentence = `Highest ${what}: ${named(top.label, top.stat)}`;
  if (beaten.length > 0) {
    const items = beaten.map(
      (e) => `${e.label} (${formatPercent(e.stat)}; ${formatPoints(top.stat.mean - e.stat.mean)})`,
    );
    sentence += `; it beats ${listJoin(items)} by more than the seeds' spread`;
  }
  if (tied.length > 0) {
    sentence += `${beaten.length > 0 ? ', while' : ';'} ${listJoin(tied.map((e) => named(e.label, e.stat)))} ${tied.length === 1 ? 'is' : 'are'} within the spread of it, so no ranking is claimed between them`;
  }
  return `${sentence}.`;
}

/** "A beats B by x pt (a vs b)" when separated, else that the two are within the spread. */
export function pairSentence(labelA: string, a: Stat, labelB: string, b: Stat, what: string): string {
  if (separated(a, b)) {
    const [hi, lo, hiLabel, loLabel] = a.mean >= b.mean ? [a, b, labelA, labelB] : [b, a, labelB, labelA];
    return `${hiLabel} beats ${loLabel} on ${what} by ${formatPoints(hi.mean - lo.mean)} (${formatPercent(hi)} vs ${formatPercent(lo)}).`;
  }
  return `${labelA} and ${labelB} are within the seeds' spread on ${what} (${formatPercent(a)} vs ${formatPercent(b)}); no difference is claimed.`;
}

export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
