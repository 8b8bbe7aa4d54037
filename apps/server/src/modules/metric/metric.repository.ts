import type { DataSource } from 'typeorm';
import { bucketCount, type SeriesColumns } from './downsample.js';

export interface StoredSeries extends SeriesColumns {
  runId: string;
  key: string;
  /** Points stored before downsampling. */
  totalPoints: number;
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
}
