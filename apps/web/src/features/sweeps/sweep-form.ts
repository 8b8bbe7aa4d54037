import type { StartSweepInput } from '../../shared/graphql/api-types';

/** The server's cap on one sweep's grid (MAX_SWEEP_RUNS). */
export const MAX_SWEEP_RUNS = 500;
/** StartSweepInput.seeds holds 1 to 10 seeds. */
export const MAX_SEEDS = 10;

/** The new-sweep form as typed. */
export interface SweepFormValues {
  /** '' → the server's default (the token's only project). */
  projectId: string;
  name: string;
  sourceModelId: string;
  datasetId: string;
  strategyIds: string[];
  /** None → the clean dataset. */
  qualityProfileIds: string[];
  /** Comma- or space-separated, e.g. "0,1,2". */
  seeds: string;
  /** '' → every training example. */
  limit: string;
}

export const DEFAULT_SWEEP_FORM: SweepFormValues = {
  projectId: '',
  name: '',
  sourceModelId: '',
  datasetId: '',
  strategyIds: [],
  qualityProfileIds: [],
  seeds: '0',
  limit: '',
};

export type SeedsResult = { seeds: number[]; error: null } | { seeds: null; error: string };

/** "0, 1,2" → [0, 1, 2]: whole numbers ≥ 0, duplicates dropped, at least one and at most MAX_SEEDS. */
export function parseSeeds(text: string): SeedsResult {
  const parts = text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return { seeds: null, error: 'give at least one seed, e.g. 0,1,2' };
  const bad = parts.find((part) => !/^\d+$/.test(part));
  if (bad !== undefined) return { seeds: null, error: `seeds must be whole numbers ≥ 0 (not “${bad}”)` };
  const seeds = [...new Set(parts.map(Number))];
  if (seeds.length > MAX_SEEDS) return { seeds: null, error: `at most ${MAX_SEEDS} seeds` };
  return { seeds, error: null };
}

/** How many runs the sweep queues: strategies × quality profiles (the clean dataset when none) × seeds. */
export function gridSize(strategies: number, profiles: number, seeds: number): number {
  return strategies * Math.max(profiles, 1) * seeds;
}

/** The grid size of the form as typed (0 while the seeds do not parse). */
export function gridSizeOf(values: SweepFormValues): number {
  const { seeds } = parseSeeds(values.seeds);
  return gridSize(values.strategyIds.length, values.qualityProfileIds.length, seeds?.length ?? 0);
}

/** Adds the id when absent, removes it when present. */
export function toggle(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

/** `startSweep`'s input (call only once parseSeeds succeeds). */
export function startSweepInput(values: SweepFormValues): StartSweepInput {
  const limit = values.limit.trim();
  return {
    name: values.name.trim(),
    sourceModelId: values.sourceModelId,
    datasetId: values.datasetId,
    strategyIds: values.strategyIds,
    qualityProfileIds: values.qualityProfileIds,
    seeds: parseSeeds(values.seeds).seeds ?? [],
    limit: limit === '' ? null : Number(limit),
    ...(values.projectId ? { projectId: values.projectId } : {}),
  };
}

/** What is wrong with the form before asking the server, per field. */
export function validateSweepForm(values: SweepFormValues): Partial<Record<keyof SweepFormValues, string>> {
  const errors: Partial<Record<keyof SweepFormValues, string>> = {};
  if (!values.name.trim()) errors.name = 'name the sweep';
  if (values.strategyIds.length === 0) errors.strategyIds = 'pick at least one strategy';
  const seeds = parseSeeds(values.seeds);
  if (seeds.error) errors.seeds = seeds.error;
  const size = gridSizeOf(values);
  if (size > MAX_SWEEP_RUNS) errors.strategyIds = `${size} runs: a sweep starts at most ${MAX_SWEEP_RUNS}`;
  return errors;
}

const FIELD_WORDS: [RegExp, keyof SweepFormValues][] = [
  [/\bprojectId\b/, 'projectId'],
  [/\bsourceModelId\b|source model/i, 'sourceModelId'],
  [/\bqualityProfileIds?\b|quality profile/i, 'qualityProfileIds'],
  [/\bdatasetId\b|\bdataset\b/i, 'datasetId'],
  [/\bstrateg(y|ies|yIds?)\b/i, 'strategyIds'],
  [/\bseeds?\b/i, 'seeds'],
  [/\blimit\b/, 'limit'],
  [/\bname\b/, 'name'],
];

/** Which form field a server validation message is about, to show it next to that field. */
export function sweepFieldOfError(message: string): keyof SweepFormValues | null {
  return FIELD_WORDS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}
