import { isUuid } from '../../database/uuid.js';
import type { Access } from '../access/access.js';
import { decodeRunCursor, encodeRunCursor, type RunSort } from './run-cursor.js';
import { specDifferences, type SpecDifferenceValue } from './run-comparison.js';
import type { RunQueryFilter, RunQueryRepository } from './run-query.repository.js';
import { RunError } from './run.errors.js';
import type { RunRecord, RunRepository, SummaryValue } from './run.repository.js';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
export const MIN_COMPARED_RUNS = 2;
export const MAX_COMPARED_RUNS = 20;

/** A run with its metric summaries, ready to map to the API type. */
export interface RunWithSummary {
  run: RunRecord;
  summary: Map<string, SummaryValue> | undefined;
}

export interface RunPage {
  edges: (RunWithSummary & { cursor: string })[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

export interface RunComparisonResult {
  runs: RunWithSummary[];
  differences: SpecDifferenceValue[];
}

/** Throws BAD_USER_INPUT unless every id looks like a run id (PostgreSQL would reject it as a uuid). */
export function requireRunIds(field: string, ids: string[]): void {
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw RunError.invalid(`${field}: "${bad}" is not a run id`);
}

/** Reading runs: filtered, ordered pages, and side-by-side comparison. */
export class RunQueryService {
  constructor(
    private readonly queries: RunQueryRepository,
    private readonly runs: RunRepository,
  ) {}

  async list(
    filter: RunQueryFilter,
    sort: RunSort,
    first: number = DEFAULT_PAGE_SIZE,
    after?: string | null,
  ): Promise<RunPage> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
      throw RunError.invalid(`first must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${first}`);
    }
    if (sort.field === 'METRIC' && !sort.metricKey) {
      throw RunError.invalid('orderBy: field METRIC needs a metricKey, e.g. "val/accuracy"');
    }
    for (const threshold of filter.metrics ?? []) {
      if (threshold.min !== undefined && threshold.max !== undefined && threshold.min > threshold.max) {
        throw RunError.invalid(
          `filter.metrics: for "${threshold.key}" min (${threshold.min}) is above max (${threshold.max})`,
        );
      }
    }
    const cursor = after ? decodeRunCursor(sort, after) : undefined;
    const [rows, totalCount] = await Promise.all([
      first === 0 ? Promise.resolve([]) : this.queries.page(filter, sort, cursor, first + 1),
      this.queries.count(filter),
    ]);
    const pageRows = rows.slice(0, first);
    const ids = pageRows.map((row) => row.id);
    const byId = new Map((await this.withSummaries(ids)).map((found) => [found.run.id, found]));
    const edges = pageRows.flatMap((row) => {
      const found = byId.get(row.id);
      // A run deleted between the two reads is left out rather than failing the page.
      return found ? [{ ...found, cursor: encodeRunCursor(sort, { value: row.sortValue, id: row.id }) }] : [];
    });
    const last = pageRows.at(-1);
    return {
      edges,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeRunCursor(sort, { value: last.sortValue, id: last.id }) : null,
      totalCount,
    };
  }

  async compare(access: Access, runIds: string[]): Promise<RunComparisonResult> {
    if (runIds.length < MIN_COMPARED_RUNS || runIds.length > MAX_COMPARED_RUNS) {
      throw RunError.invalid(
        `runIds: compare ${MIN_COMPARED_RUNS} to ${MAX_COMPARED_RUNS} runs, got ${runIds.length}`,
      );
    }
    requireRunIds('runIds', runIds);
    if (new Set(runIds).size !== runIds.length)
      throw RunError.invalid('runIds: each run may appear only once');
    const runs = (await this.withSummaries(runIds)).filter(({ run }) => access.canSee(run.projectId));
    const found = new Set(runs.map((r) => r.run.id));
    const missing = runIds.filter((id) => !found.has(id));
    if (missing.length) throw RunError.notFound(missing.join(', '));
    return { runs, differences: specDifferences(runs.map((r) => r.run)) };
  }

  /** The runs that exist, in the order of `ids`, with their summaries. */
  private async withSummaries(ids: string[]): Promise<RunWithSummary[]> {
    if (ids.length === 0) return [];
    const [records, summaries] = await Promise.all([this.runs.findByIds(ids), this.runs.summaries(ids)]);
    return records.map((run) => ({ run, summary: summaries.get(run.id) }));
  }
}
