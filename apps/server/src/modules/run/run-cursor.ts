import { isUuid } from '../../database/uuid.js';
import { RunError } from './run.errors.js';

/** What runs are sorted by: a run column, or the last value of one metric. */
export type RunSortField = 'QUEUED_AT' | 'FINISHED_AT' | 'METRIC';

export interface RunSort {
  field: RunSortField;
  /** For METRIC: which metric, e.g. val/accuracy. */
  metricKey?: string;
  direction: 'ASC' | 'DESC';
}

/**
 * Where a page ends: the sort key of its last run (as PostgreSQL prints it,
 * so it compares exactly; null when that run has no value, e.g. no such
 * metric) and the run id that breaks ties.
 */
export interface RunCursor {
  value: string | null;
  id: string;
}

/** A cursor only makes sense for the ordering that produced it. */
function signature(sort: RunSort): string {
  return sort.field === 'METRIC'
    ? `${sort.field}:${sort.metricKey}:${sort.direction}`
    : `${sort.field}:${sort.direction}`;
}

/** Timestamps travel as PostgreSQL prints them in UTC with microseconds, e.g. 2025-01-31T12:00:00.123456Z. */
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function isValidValue(sort: RunSort, value: string): boolean {
  if (sort.field === 'METRIC') return value.trim() !== '' && Number.isFinite(Number(value));
  return TIMESTAMP_PATTERN.test(value);
}

/** An opaque cursor: base64url of the ordering, the sort key and the id. */
export function encodeRunCursor(sort: RunSort, cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([signature(sort), cursor.value, cursor.id])).toString('base64url');
}

/** Reads a cursor made by `encodeRunCursor` for the same ordering, or throws BAD_USER_INPUT. */
export function decodeRunCursor(sort: RunSort, text: string): RunCursor {
  const invalid = () =>
    RunError.invalid('after: not a cursor from this query; pass a pageInfo.endCursor or an edge cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [sig, value, id] = parsed as unknown[];
  if (typeof sig !== 'string' || typeof id !== 'string' || !isUuid(id)) throw invalid();
  if (value !== null && (typeof value !== 'string' || !isValidValue(sort, value))) throw invalid();
  if (sig !== signature(sort)) {
    throw RunError.invalid(
      'after: this cursor came from a different orderBy; keep orderBy as it was or start again without after',
    );
  }
  return { value, id };
}
