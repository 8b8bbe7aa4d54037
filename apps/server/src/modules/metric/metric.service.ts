import { isUuid } from '../../database/uuid.js';
import type { Access } from '../access/access.js';
import { MetricError } from './metric.errors.js';
import type { MetricRepository, StoredSeries } from './metric.repository.js';

export const METRIC_SERIES_LIMITS = {
  runIds: 100,
  keys: 50,
  keyLength: 200,
  minPoints: 2,
  maxPoints: 10_000,
  defaultMaxPoints: 500,
} as const;

export interface MetricSeriesResult extends StoredSeries {
  downsampled: boolean;
}

/** Metric series for charts: validated limits, then downsampled reads. */
/** Which project each run belongs to (RunRepository), to keep other projects' runs out. */
export interface RunProjectLookup {
  projectIdsOf(runIds: string[]): Promise<Map<string, string>>;
}

export class MetricService {
  constructor(
    private readonly metrics: MetricRepository,
    private readonly runProjects: RunProjectLookup,
  ) {}

  /**
   * One series per (run, key) pair, runs outer and keys inner in the order
   * given (repeats dropped); a pair without points has none.
   */
  async series(
    access: Access,
    runIds: string[],
    keys: string[],
    maxPoints: number = METRIC_SERIES_LIMITS.defaultMaxPoints,
  ): Promise<MetricSeriesResult[]> {
    const runs = [...new Set(runIds)];
    const metricKeys = [...new Set(keys)];
    checkRequest(runs, metricKeys, maxPoints);
    if (runs.length === 0 || metricKeys.length === 0) return [];
    if (access.visibleProjectIds !== null) {
      const projects = await this.runProjects.projectIdsOf(runs);
      const hidden = runs.filter((id) => !access.canSee(projects.get(id) ?? ''));
      if (hidden.length) throw MetricError.runsNotFound(hidden);
    }

    const stored = await this.metrics.series(runs, metricKeys, maxPoints);
    // Every run that exists has a row for every key, with or without points.
    const byPair = new Map(stored.map((series) => [`${series.runId}\n${series.key}`, series]));
    const missing = runs.filter((runId) => !byPair.has(`${runId}\n${metricKeys[0]}`));
    if (missing.length) throw MetricError.runsNotFound(missing);
    return runs.flatMap((runId) =>
      metricKeys.map((key) => {
        const series = byPair.get(`${runId}\n${key}`)!;
        return { ...series, downsampled: series.totalPoints > maxPoints };
      }),
    );
  }
}

function checkRequest(runIds: string[], keys: string[], maxPoints: number): void {
  const limits = METRIC_SERIES_LIMITS;
  if (runIds.length > limits.runIds) {
    throw MetricError.invalid(`runIds: at most ${limits.runIds} runs per request, got ${runIds.length}`);
  }
  if (keys.length > limits.keys) {
    throw MetricError.invalid(`keys: at most ${limits.keys} metric keys per request, got ${keys.length}`);
  }
  if (!Number.isInteger(maxPoints) || maxPoints < limits.minPoints || maxPoints > limits.maxPoints) {
    throw MetricError.invalid(
      `maxPoints must be a whole number from ${limits.minPoints} to ${limits.maxPoints}, got ${maxPoints}`,
    );
  }
  const badId = runIds.find((id) => !isUuid(id));
  if (badId !== undefined) throw MetricError.invalid(`runIds: "${badId}" is not a run id`);
  if (keys.some((key) => key.length === 0 || key.length > limits.keyLength)) {
    throw MetricError.invalid(
      `keys: a metric key has 1 to ${limits.keyLength} characters, e.g. val/accuracy`,
    );
  }
}
