import type { DataSource } from 'typeorm';
import type { RunCursor, RunSort } from './run-cursor.js';
import type { RunStatusName } from './run.repository.js';

export interface RunQueryFilter {
  statuses?: RunStatusName[];
  datasetId?: string;
  /** Only runs of these projects; undefined or null: every project. */
  projectIds?: readonly string[] | null;
  qualityProfileId?: string;
  strategyId?: string;
  strategyKind?: string;
  sweepId?: string;
  /** Runs carrying all of these tags. */
  tags?: string[];
  /** Runs whose last value of `key` lies in [min, max] (either bound optional). */
  metrics?: { key: string; min?: number; max?: number }[];
}

/** One run of a page and its sort key, ready to become a cursor. */
export interface RunPageRow {
  id: string;
  sortValue: string | null;
}

/** Collects SQL conditions and their positional parameters. */
class SqlParts {
  readonly params: unknown[] = [];
  readonly conditions: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

function addFilter(sql: SqlParts, filter: RunQueryFilter): void {
  const { conditions } = sql;
  if (filter.statuses?.length) conditions.push(`run.status = ANY(${sql.param(filter.statuses)}::text[])`);
  if (filter.projectIds) conditions.push(`run.project_id = ANY(${sql.param(filter.projectIds)}::uuid[])`);
  if (filter.datasetId) conditions.push(`run.dataset_id = ${sql.param(filter.datasetId)}`);
  if (filter.qualityProfileId)
    conditions.push(`run.quality_profile_id = ${sql.param(filter.qualityProfileId)}`);
  if (filter.strategyId) conditions.push(`run.strategy_id = ${sql.param(filter.strategyId)}`);
  if (filter.strategyKind) conditions.push(`run.strategy_kind = ${sql.param(filter.strategyKind)}`);
  if (filter.sweepId) conditions.push(`run.sweep_id = ${sql.param(filter.sweepId)}`);
  if (filter.tags?.length) conditions.push(`run.tags @> ${sql.param(filter.tags)}::text[]`);
  for (const threshold of filter.metrics ?? []) {
    const bounds = [
      threshold.min === undefined ? '' : ` AND s.last >= ${sql.param(threshold.min)}::float8`,
      threshold.max === undefined ? '' : ` AND s.last <= ${sql.param(threshold.max)}::float8`,
    ].join('');
    conditions.push(
      `EXISTS (SELECT 1 FROM run_summary s WHERE s.run_id = run.id AND s.key = ${sql.param(threshold.key)}${bounds})`,
    );
  }
}

/** The sort key as SQL, its type, and its exact text form for cursors. */
function sortKey(sort: RunSort): { expression: string; type: string; text: string } {
  const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  switch (sort.field) {
    case 'QUEUED_AT':
      return { expression: 'run.queued_at', type: 'timestamptz', text: utc('run.queued_at') };
    case 'FINISHED_AT':
      return { expression: 'run.finished_at', type: 'timestamptz', text: utc('run.finished_at') };
    case 'METRIC':
      // PostgreSQL ≥ 12 prints float8 in the shortest form that reads back exactly.
      return { expression: 'sort_metric.last', type: 'float8', text: 'sort_metric.last::text' };
  }
}

/**
 * The SQL behind `runs(filter, orderBy, first, after)`: filtering on run
 * columns and on metric summaries, and keyset pagination (no OFFSET) over
 * (sort key, id) with runs lacking a sort key last in either direction.
 */
export class RunQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` runs after `after`, in order. */
  async page(filter: RunQueryFilter, sort: RunSort, after: RunCursor | undefined, limit: number) {
    const sql = new SqlParts();
    addFilter(sql, filter);
    const key = sortKey(sort);
    const join =
      sort.field === 'METRIC'
        ? `LEFT JOIN run_summary sort_metric ON sort_metric.run_id = run.id AND sort_metric.key = ${sql.param(sort.metricKey)}`
        : '';
    const direction = sort.direction === 'ASC' ? 'ASC' : 'DESC';
    const beyond = direction === 'ASC' ? '>' : '<';
    if (after) {
      const id = sql.param(after.id);
      sql.conditions.push(
        after.value === null
          ? `(${key.expression} IS NULL AND run.id ${beyond} ${id}::uuid)`
          : `(${key.expression} IS NULL OR (${key.expression}, run.id) ${beyond} (${sql.param(after.value)}::${key.type}, ${id}::uuid))`,
      );
    }
    const rows = (await this.dataSource.query(
      `SELECT run.id, ${key.text} AS sort_value
       FROM run ${join}
       ${sql.where()}
       ORDER BY ${key.expression} IS NULL, ${key.expression} ${direction}, run.id ${direction}
       LIMIT ${sql.param(limit)}`,
      sql.params,
    )) as { id: string; sort_value: string | null }[];
    return rows.map((row): RunPageRow => ({ id: row.id, sortValue: row.sort_value }));
  }

  /** How many runs match, whatever the page. */
  async count(filter: RunQueryFilter): Promise<number> {
    const sql = new SqlParts();
    addFilter(sql, filter);
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM run ${sql.where()}`,
      sql.params,
    )) as { total: number }[];
    return row.total;
  }
}
