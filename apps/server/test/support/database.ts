import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresServerUrl } from './postgres.js';

export interface TestDatabase {
  name: string;
  /** Connection URL of this database, for servers and workers. */
  url: string;
  /** A small pool for the test's own SQL (counts, job states). */
  pool: pg.Pool;
  /** Terminates every connection to the database and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named database (driftboard_test_<random>) on the
 * test PostgreSQL server; the first API server or worker migrates it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = await postgresServerUrl();
  const name = `driftboard_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
  pool.on('error', () => undefined); // connections are terminated on purpose at drop time
  return {
    name,
    url: url.toString(),
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      await withAdmin(serverUrl, async (admin) => {
        for (let attempt = 1; ; attempt++) {
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [name],
          );
          try {
            await admin.query(`DROP DATABASE IF EXISTS ${name}`);
            return;
          } catch (error) {
            // 55006: a straggling client reconnected between terminate and drop.
            if ((error as { code?: string }).code !== '55006' || attempt >= 5) throw error;
          }
        }
      });
    },
  };
}

async function withAdmin<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Row counts of every table of the driftboard schema (whatever migrations
 * created) and of pg-boss's job table: equal counts before and after a
 * request mean it wrote nothing.
 */
export async function tableCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const tables = await pool.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name
       FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema = 'public'
      ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of [...tables.rows, { name: 'pgboss.job' }]) {
    const { rows } = await pool.query<{ count: string }>(`SELECT count(*) AS count FROM ${name}`);
    counts[name] = Number(rows[0].count);
  }
  return counts;
}

/** The pg-boss state of a job (created, active, retry, completed, cancelled, failed). */
export async function jobState(pool: pg.Pool, jobId: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [jobId]);
  return rows[0]?.state;
}

/** How many metric rows each epoch of a run has, in epoch order. */
export async function storedEpochs(
  pool: pg.Pool,
  runId: string,
): Promise<{ epoch: number; points: number }[]> {
  const { rows } = await pool.query<{ epoch: number; points: string }>(
    'SELECT epoch, count(*) AS points FROM metric WHERE run_id = $1 GROUP BY epoch ORDER BY epoch',
    [runId],
  );
  return rows.map((r) => ({ epoch: r.epoch, points: Number(r.points) }));
}
