import { randomBytes } from 'node:crypto';
import { METRIC, ckaMetric, weightDriftMetric } from '@driftboard/trainer';
import pg from 'pg';

/** 40 metric names as a 16-block model logs them: the headline metrics, CKA and drift per block. */
export const BENCH_METRIC_KEYS: string[] = [
  METRIC.trainLoss,
  METRIC.trainAccuracy,
  METRIC.valLoss,
  METRIC.valAccuracy,
  METRIC.valAccuracyClean,
  METRIC.ckaMean,
  METRIC.agreement,
  METRIC.samplesPerSec,
  METRIC.epochMs,
  ...Array.from({ length: 16 }, (_, i) => ckaMetric(`block${i + 1}`)),
  ...Array.from({ length: 15 }, (_, i) => weightDriftMetric(`block${i + 1}`)),
];

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A uniquely named, empty database on the server of `serverUrl`, dropped (connections and all) by `drop`. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const name = `driftboard_bench_${randomBytes(5).toString('hex')}`;
  const asAdmin = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export interface SeedPlan {
  runs: number;
  runsWithHistory: number;
  epochs: number;
  keys: string[];
}

/**
 * Fills a migrated database with `runs` finished-looking runs, the first
 * `runsWithHistory` (by id) with `epochs` × `keys` metric points, and a
 * summary row per run and key, as recordEpoch would leave them, with plain
 * INSERT … SELECT. Returns the ids of the runs with history.
 */
export async function seedBenchData(
  pool: pg.Pool,
  datasetId: string,
  plan: SeedPlan,
  progress: (message: string) => void,
): Promise<string[]> {
  const client = await pool.connect();
  try {
    // A lost tail of the seed on a crash is of no concern: the database is thrown away.
    await client.query(`SET synchronous_commit = off`);
    await client.query(
      `INSERT INTO run (kind, status, dataset_id, strategy_kind, strategy_spec, seed, epochs, epochs_completed,
                        tags, queued_at, started_at, finished_at)
       SELECT 'FINETUNE', s.status, $1, s.kind, jsonb_build_object('kind', s.kind, 'epochs', $2::int), i % 5, $2, $2,
              CASE WHEN i % 3 = 0 THEN '{bench,baseline}'::text[] ELSE '{bench}'::text[] END,
              t.queued, t.queued + interval '1 minute', CASE WHEN s.status = 'RUNNING' THEN NULL ELSE t.queued + interval '1 hour' END
       FROM generate_series(1, $3::int) AS i,
            LATERAL (SELECT (ARRAY['SUCCEEDED','SUCCEEDED','SUCCEEDED','FAILED','RUNNING','CANCELLED'])[1 + i % 6] AS status,
                            (ARRAY['full','last-k','linear-probe','lp-ft','surgical'])[1 + i % 5] AS kind) AS s,
            LATERAL (SELECT now() - (i * interval '37 seconds') AS queued) AS t`,
      [datasetId, plan.epochs, plan.runs],
    );
    const withHistory = (
      await client.query<{ id: string }>(`SELECT id FROM run ORDER BY id LIMIT $1`, [plan.runsWithHistory])
    ).rows.map((r) => r.id);
    progress(
      `${plan.runs} runs; writing ${(withHistory.length * plan.epochs * plan.keys.length) / 1e6}M points`,
    );

    // Bulk-load practice: check the foreign key once afterwards rather than once per point.
    await client.query('ALTER TABLE metric DROP CONSTRAINT metric_run_id_fkey');
    // Loss-like keys fall, the others rise to a level of their own per run and key, with noise.
    // Rows go in as workers write them, all metrics of an epoch together, so the heap is laid out
    // as in production (a series spread over its epochs' pages), not conveniently by series.
    await client.query(`SET work_mem = '1GB'`);
    await client.query(
      `INSERT INTO metric (run_id, key, epoch, value)
       SELECT r.id, k.key, e,
              CASE WHEN k.key LIKE '%loss%' THEN 2.3 * exp(-e / 40.0)
                   ELSE (0.5 + (hashtext(r.id::text || k.key) & 1023) / 2046.0) * (1 - exp(-e / 30.0)) END
              + 0.02 * random()
       FROM unnest($1::uuid[]) AS r(id), generate_series(1, $3::int) AS e, unnest($2::text[]) AS k(key)
       ORDER BY r.id, e, k.key`,
      [withHistory, plan.keys, plan.epochs],
    );
    await client.query('RESET work_mem');
    await client.query(
      'ALTER TABLE metric ADD CONSTRAINT metric_run_id_fkey FOREIGN KEY (run_id) REFERENCES run (id) ON DELETE CASCADE',
    );
    progress('points written; summaries');
    await client.query(
      `INSERT INTO run_summary (run_id, key, last, min, max, epoch)
       SELECT run_id, key, max(value) FILTER (WHERE epoch = $1), min(value), max(value), $1
       FROM metric GROUP BY run_id, key`,
      [plan.epochs],
    );
    await client.query(
      `INSERT INTO run_summary (run_id, key, last, min, max, epoch)
       SELECT id, key, last, last - 0.2, last + 0.01, $2
       FROM (SELECT run.id, k.key, random() AS last
             FROM (SELECT id FROM run WHERE id NOT IN (SELECT unnest($3::uuid[]))) AS run
             CROSS JOIN unnest($1::text[]) AS k(key)) AS s`,
      [plan.keys, plan.epochs, withHistory],
    );
    progress('vacuum analyze');
    await client.query('VACUUM ANALYZE run, metric, run_summary');
    return withHistory;
  } finally {
    client.release();
  }
}
