import type { DataSource } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { bucketCount, type SeriesColumns } from './downsample.js';

export interface StoredSeries extends SeriesColumns {
  runId: string;
  key: string;
  /** Points stored before downsampling. */
  totalPoints: number;
}

/** What a download of one run's metrics starts from. */
export interface MetricExportHeader {
  runId: string;
  /** The run's project, for an access check. */
  projectId: string;
  /** Every metric key the run has points of, in no defined order. */
  keys: string[];
}

/** One stored epoch: its metrics by key. */
export interface StoredEpoch {
  epoch: number;
  metrics: Map<string, number>;
}

/**
 * Reads metric series straight from the `metric` table, downsampled in SQL.
 * Per (run, key), every read an index-only range scan of the primary key
 * (migration 002 puts `value` in it): `stats` counts the points; then a
 * series of at most `maxPoints` comes back whole (`whole`), a longer one as
 * the lowest and highest point of each of ⌊maxPoints/2⌋ equal epoch spans,
 * earliest epoch on ties (`reduced`), the rule `downsampleMinMax` spells out.
 * The conditions are one-time filters, so a series pays only for its branch.
 * Points come back as JSON arrays, one row per series: far cheaper to
 * transfer and parse than a row per point. `whole` aggregates its rows in the
 * order of its subquery (the primary key's), which PostgreSQL keeps.
 */
const SERIES_SQL = `
SELECT r.id AS run_id, k.key, stats.total,
       coalesce(whole.epochs, reduced.epochs, '[]') AS epochs,
       coalesce(whole.vals, reduced.vals, '[]') AS vals
FROM unnest($1::uuid[]) AS r(id)
JOIN run ON run.id = r.id
CROSS JOIN unnest($2::text[]) AS k(key)
CROSS JOIN LATERAL (
  SELECT count(*)::int AS total, min(m.epoch) AS lo, max(m.epoch) AS hi
  FROM metric m WHERE m.run_id = r.id AND m.key = k.key
) stats
CROSS JOIN LATERAL (
  SELECT json_agg(p.epoch) AS epochs, json_agg(p.value) AS vals FROM (
    SELECT m.epoch, m.value FROM metric m
    WHERE stats.total <= $3 AND m.run_id = r.id AND m.key = k.key
    ORDER BY m.epoch
  ) p
) whole
CROSS JOIN LATERAL (
  SELECT json_agg(p.epoch ORDER BY p.epoch) AS epochs, json_agg(p.value ORDER BY p.epoch) AS vals FROM (
    (SELECT DISTINCT ON (bucketed.bucket) bucketed.epoch, bucketed.value FROM (
       SELECT m.epoch, m.value, (m.epoch - stats.lo)::bigint * $4 / (stats.hi - stats.lo + 1) AS bucket
       FROM metric m WHERE stats.total > $3 AND m.run_id = r.id AND m.key = k.key
     ) bucketed ORDER BY bucketed.bucket, bucketed.value, bucketed.epoch)
    UNION
    (SELECT DISTINCT ON (bucketed.bucket) bucketed.epoch, bucketed.value FROM (
       SELECT m.epoch, m.value, (m.epoch - stats.lo)::bigint * $4 / (stats.hi - stats.lo + 1) AS bucket
       FROM metric m WHERE stats.total > $3 AND m.run_id = r.id AND m.key = k.key
     ) bucketed ORDER BY bucketed.bucket, bucketed.value DESC, bucketed.epoch)
  ) p
) reduced`;

export class MetricRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every (run, key) pair of runs that exist, downsampled to at most
   * `maxPoints` points; pairs without points come back empty. Order is not
   * defined: callers look series up by run and key.
   */
  async series(runIds: string[], keys: string[], maxPoints: number): Promise<StoredSeries[]> {
    if (runIds.length === 0 || keys.length === 0) return [];
    const rows = await this.dataSource.transaction(async (manager) => {
      // The planner's cost for 2,000 small index scans crosses jit_above_cost, and compiling
      // the plan takes longer (~200 ms) than running it.
      await manager.query('SET LOCAL jit = off');
      return (await manager.query(SERIES_SQL, [runIds, keys, maxPoints, bucketCount(maxPoints)])) as {
        run_id: string;
        key: string;
        total: number;
        epochs: number[];
        vals: number[];
      }[];
    });
    return rows.map((row) => ({
      runId: row.run_id,
      key: row.key,
      totalPoints: row.total,
      epochs: row.epochs,
      values: row.vals,
    }));
  }

  /** The run with its project and metric keys, or undefined when no run has this id. */
  async exportHeader(runId: string): Promise<MetricExportHeader | undefined> {
    if (!isUuid(runId)) return undefined;
    const rows = (await this.dataSource.query(
      `SELECT run.id, run.project_id, ARRAY(SELECT DISTINCT m.key FROM metric m WHERE m.run_id = run.id) AS keys
       FROM run WHERE run.id = $1`,
      [runId],
    )) as { id: string; project_id: string; keys: string[] }[];
    const [row] = rows;
    return row && { runId: row.id, projectId: row.project_id, keys: row.keys };
  }

  /**
   * Every stored epoch of a run in epoch order, read `epochsPerPage` epochs at a
   * time (keyset pages on the epoch), so a long run never sits in memory whole.
   * Epochs written while it reads may or may not be included.
   */
  async *epochs(runId: string, epochsPerPage = 1000): AsyncGenerator<StoredEpoch> {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT m.epoch, array_agg(m.key) AS keys, array_agg(m.value) AS vals
         FROM metric m WHERE m.run_id = $1 AND m.epoch > $2::bigint
         GROUP BY m.epoch ORDER BY m.epoch LIMIT $3`,
        [runId, after, epochsPerPage],
      )) as { epoch: number; keys: string[]; vals: number[] }[];
      for (const row of rows) {
        yield { epoch: row.epoch, metrics: new Map(row.keys.map((key, i) => [key, row.vals[i]])) };
      }
      if (rows.length < epochsPerPage) return;
      after = rows[rows.length - 1].epoch;
    }
  }
}
