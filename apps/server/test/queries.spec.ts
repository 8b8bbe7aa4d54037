import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../src/app/api-server.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { downsampleMinMax } from '../src/modules/metric/downsample.js';

/**
 * The read side of the API over real HTTP — runs (filters, orderings, keyset
 * pages), metricSeries (downsampling), compareRuns, sweeps, recommendStrategy —
 * on rows written straight into a fresh database with SQL.
 */

const ADMIN_URL = (() => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url;
})();
const DB_NAME = `driftboard_queries_${randomBytes(5).toString('hex')}`;

let server: ApiServer;
let pool: pg.Pool;
let dataDir: string;

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

async function request<T>(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
}

async function ok<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await request<T>(query, variables);
  if (body.errors?.length || !body.data) throw new Error(`expected data, got ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function failsWith(query: string, variables: Record<string, unknown>, code: string, message?: RegExp) {
  const body = await request(query, variables);
  expect(body.errors, `expected ${code}, got ${JSON.stringify(body.data)}`).toHaveLength(1);
  expect(body.errors![0].extensions?.code, body.errors![0].message).toBe(code);
  if (message) expect(body.errors![0].message).toMatch(message);
}

async function withAdmin(use: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL.toString() });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

// --- fixtures -----------------------------------------------------------------------------

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
const KINDS = ['full', 'last-k', 'linear-probe'] as const;
const RUN_COUNT = 40;

interface SeededRun {
  id: string;
  status: string;
  strategyKind: string;
  tags: string[];
  seed: number;
  /** Exactly as inserted, microseconds included. */
  queuedAt: string;
  finishedAt: string | null;
  accuracy: number | null;
  onProfile: boolean;
  inSweep: boolean;
}

let datasetId: string;
let profileId: string;
let sweepId: string;
let sourceModelId: string;
const seeded: SeededRun[] = [];

/** Runs with every edge the orderings must handle: equal timestamps 1 µs apart, equal metrics, missing values. */
async function seedRuns(): Promise<void> {
  for (let i = 0; i < RUN_COUNT; i++) {
    // In threes: two runs queued at the very same instant, the third 1 µs later (a JS Date cannot tell).
    const micros = String(Math.floor(i / 3) * 1000 + (i % 3 === 2 ? 1 : 0)).padStart(6, '0');
    const queuedAt = `2025-01-01T00:00:00.${micros}Z`;
    const status = STATUSES[i % STATUSES.length];
    const run: SeededRun = {
      id: '',
      status,
      strategyKind: KINDS[i % KINDS.length],
      tags: [...(i % 2 === 0 ? ['even'] : []), ...(i % 3 === 0 ? ['triple'] : []), 'all'],
      seed: i,
      queuedAt,
      finishedAt: i % 4 === 0 ? null : `2025-01-02T00:00:00.${String(i % 5).padStart(6, '0')}Z`,
      // Ties on purpose (i % 8), and no value at all for every fifth run.
      accuracy: i % 5 === 4 ? null : (i % 8) / 10,
      onProfile: i % 4 === 1,
      inSweep: i < 6,
    };
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO run (kind, status, dataset_id, quality_profile_id, source_model_id, strategy_kind, strategy_spec,
                        seed, epochs, sweep_id, tags, queued_at, finished_at)
       VALUES ('FINETUNE', $1, $2, $3, $4, $5, $6, $7, 3, $8, $9, $10, $11) RETURNING id`,
      [
        status,
        datasetId,
        run.onProfile ? profileId : null,
        sourceModelId,
        run.strategyKind,
        { kind: run.strategyKind, learningRate: 0.001 * (1 + (i % 2)), epochs: 3 },
        run.seed,
        run.inSweep ? sweepId : null,
        run.tags,
        queuedAt,
        run.finishedAt,
      ],
    );
    run.id = rows[0].id;
    if (run.accuracy !== null) {
      await pool.query(
        `INSERT INTO run_summary (run_id, key, last, min, max, epoch) VALUES ($1, 'val/accuracy', $2, 0, 1, 3)`,
        [run.id, run.accuracy],
      );
    }
    seeded.push(run);
  }
}

/** The order PostgreSQL must produce: key (nulls last in both directions), then id, both in `direction`. */
function expectedOrder(key: (run: SeededRun) => string | number | null, direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...seeded]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) return sign * compare(ka, kb);
      return sign * compare(a.id, b.id);
    })
    .map((run) => run.id);
}

const RUNS_PAGE = `query ($filter: RunFilter, $orderBy: RunOrder, $first: Int, $after: String) {
  runs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id status tags strategySpec summary { finalValAccuracy } } }
  }
}`;

interface RunsPage {
  runs: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; status: string; tags: string[] } }[];
  };
}

/** Every page of a query, following endCursor; fails if pages overlap. */
async function allPages(variables: Record<string, unknown>, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const { runs }: RunsPage = await ok<RunsPage>(RUNS_PAGE, { ...variables, first, after });
    expect(runs.edges.length).toBeLessThanOrEqual(first);
    ids.push(...runs.edges.map((e) => e.node.id));
    if (!runs.pageInfo.hasNextPage) return ids;
    expect(runs.pageInfo.endCursor).toBe(runs.edges.at(-1)!.cursor);
    after = runs.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

beforeAll(async () => {
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${DB_NAME}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-queries-'));
  server = await startApiServer(
    loadConfig({ DATABASE_URL: url.toString(), PORT: '0', DRIFTBOARD_DATA_DIR: dataDir }),
    createLogger('queries-test', 'silent'),
  );
  pool = new pg.Pool({ connectionString: url.toString(), max: 3 });

  // The server registered the built-in datasets on start; everything else is plain SQL.
  const dataset = await pool.query<{ id: string; input_shape: number[] }>(
    `SELECT id, input_shape FROM dataset WHERE name = 'mnist'`,
  );
  datasetId = dataset.rows[0].id;
  const insertId = async (sql: string, values: unknown[]) =>
    (await pool.query<{ id: string }>(sql, values)).rows[0].id;
  sourceModelId = await insertId(
    `INSERT INTO source_model (name, architecture, blocks, input_shape, class_names, dataset_id, status, artifact_path)
     VALUES ('cnn-source', 'cnn', '{conv1,conv2,dense,head}', $1, '{0,1,2,3,4,5,6,7,8,9}', $2, 'READY', $3) RETURNING id`,
    [dataset.rows[0].input_shape, datasetId, path.join(dataDir, 'models', 'cnn-source')],
  );
  profileId = await insertId(
    `INSERT INTO quality_profile (name, dataset_id, spec) VALUES ('noisy-40', $1, $2) RETURNING id`,
    [datasetId, { labelNoise: { rate: 0.4, kind: 'symmetric' }, seed: 1 }],
  );
  sweepId = await insertId(`INSERT INTO sweep (name) VALUES ('seeded') RETURNING id`, []);
  await seedRuns();
});

afterAll(async () => {
  await pool?.end();
  await server?.close();
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('runs', () => {
  it('pages through every ordering and direction without skipping or repeating a run', async () => {
    const orderings: [Record<string, unknown>, (run: SeededRun) => string | number | null][] = [
      [{ field: 'QUEUED_AT' }, (run) => run.queuedAt],
      [{ field: 'FINISHED_AT' }, (run) => run.finishedAt],
      [{ field: 'METRIC', metricKey: 'val/accuracy' }, (run) => run.accuracy],
    ];
    for (const [order, key] of orderings) {
      for (const direction of ['ASC', 'DESC'] as const) {
        const ids = await allPages({ orderBy: { ...order, direction } }, 7);
        expect(ids, `${JSON.stringify(order)} ${direction}`).toEqual(expectedOrder(key, direction));
      }
    }
  });

  it('orders newest first by default and counts every match whatever the page', async () => {
    const { runs } = await ok<RunsPage>(RUNS_PAGE, { first: 3 });
    expect(runs.totalCount).toBe(RUN_COUNT);
    expect(runs.pageInfo.hasNextPage).toBe(true);
    expect(runs.edges.map((e) => e.node.id)).toEqual(expectedOrder((r) => r.queuedAt, 'DESC').slice(0, 3));
  });

  it('filters by status, profile, strategy kind, sweep, every tag and metric thresholds', async () => {
    const cases: [Record<string, unknown>, (run: SeededRun) => boolean][] = [
      [{ status: ['SUCCEEDED', 'FAILED'] }, (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED'],
      [{ datasetId }, () => true],
      [{ qualityProfileId: profileId }, (r) => r.onProfile],
      [{ strategyKind: 'last-k' }, (r) => r.strategyKind === 'last-k'],
      [{ sweepId }, (r) => r.inSweep],
      [{ tags: ['even', 'triple'] }, (r) => r.tags.includes('even') && r.tags.includes('triple')],
      [
        { metrics: [{ key: 'val/accuracy', min: 0.2, max: 0.5 }] },
        (r) => r.accuracy !== null && r.accuracy >= 0.2 && r.accuracy <= 0.5,
      ],
      [{ metrics: [{ key: 'val/accuracy', min: 0.6 }] }, (r) => r.accuracy !== null && r.accuracy >= 0.6],
      [
        { status: ['QUEUED'], tags: ['even'], metrics: [{ key: 'val/accuracy', max: 0.3 }] },
        (r) => r.status === 'QUEUED' && r.tags.includes('even') && r.accuracy !== null && r.accuracy <= 0.3,
      ],
      [{ metrics: [{ key: 'no/such-metric', min: 0 }] }, () => false],
    ];
    for (const [filter, matches] of cases) {
      const expected = seeded.filter(matches).map((r) => r.id);
      const ids = await allPages({ filter, orderBy: { field: 'QUEUED_AT', direction: 'ASC' } }, 500);
      expect(new Set(ids), JSON.stringify(filter)).toEqual(new Set(expected));
      expect(ids).toHaveLength(expected.length);
      const { runs } = await ok<RunsPage>(RUNS_PAGE, { filter, first: 1 });
      expect(runs.totalCount, JSON.stringify(filter)).toBe(expected.length);
    }
  });

  it('returns runs with their summaries', async () => {
    const best = await ok<{ runs: { edges: { node: { summary: { finalValAccuracy: number | null } } }[] } }>(
      RUNS_PAGE,
      { orderBy: { field: 'METRIC', metricKey: 'val/accuracy', direction: 'DESC' }, first: 1 },
    );
    expect(best.runs.edges[0].node.summary.finalValAccuracy).toBe(0.7);
  });

  it('answers first: 0 with the count alone', async () => {
    const { runs } = await ok<RunsPage>(RUNS_PAGE, { first: 0 });
    expect(runs).toMatchObject({ totalCount: RUN_COUNT, edges: [], pageInfo: { hasNextPage: false } });
  });

  it('rejects bad arguments with BAD_USER_INPUT', async () => {
    await failsWith(RUNS_PAGE, { first: 501 }, 'BAD_USER_INPUT', /500/);
    await failsWith(RUNS_PAGE, { first: -1 }, 'BAD_USER_INPUT');
    await failsWith(RUNS_PAGE, { orderBy: { field: 'METRIC' } }, 'BAD_USER_INPUT', /metricKey/);
    await failsWith(RUNS_PAGE, { after: 'garbage' }, 'BAD_USER_INPUT', /cursor/);
    await failsWith(RUNS_PAGE, { filter: { datasetId: 'not-an-id' } }, 'BAD_USER_INPUT');
    await failsWith(
      RUNS_PAGE,
      { filter: { metrics: [{ key: 'val/accuracy', min: 0.9, max: 0.1 }] } },
      'BAD_USER_INPUT',
      /min/,
    );
    const { runs } = await ok<RunsPage>(RUNS_PAGE, { first: 2 });
    await failsWith(
      RUNS_PAGE,
      { first: 2, after: runs.pageInfo.endCursor, orderBy: { field: 'FINISHED_AT', direction: 'DESC' } },
      'BAD_USER_INPUT',
      /orderBy/,
    );
  });
});

describe('metricSeries', () => {
  const SERIES = `query ($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
    metricSeries(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) {
      runId key totalPoints downsampled epochs values points { epoch value }
    }
  }`;
  interface Series {
    runId: string;
    key: string;
    totalPoints: number;
    downsampled: boolean;
    epochs: number[];
    values: number[];
    points: { epoch: number; value: number }[];
  }
  /** A long wiggly series with spikes and runs of equal values, as stored. */
  const stored = {
    epochs: Array.from({ length: 1000 }, (_, i) => i + 1),
    values: Array.from({ length: 1000 }, (_, i) =>
      i % 50 < 5 ? 0.25 : Math.round(1000 * Math.sin(i / 9) + (i % 137 === 3 ? 4000 : 0)) / 1000,
    ),
  };
  // Epochs need not be contiguous: a gap and a late epoch.
  const sparse = { epochs: [0, 1, 2, 3, 500, 501, 900], values: [5, -1, 3, 3, 8, 8, 2] };
  let long: string;
  let short: string;

  beforeAll(async () => {
    [long, short] = [seeded[0].id, seeded[1].id];
    const insert = (runId: string, key: string, series: { epochs: number[]; values: number[] }) =>
      pool.query(
        `INSERT INTO metric (run_id, key, epoch, value) SELECT $1, $2, e, v FROM unnest($3::int[], $4::float8[]) AS t(e, v)`,
        [runId, key, series.epochs, series.values],
      );
    await insert(long, 'train/loss', stored);
    await insert(long, 'val/sparse', sparse);
    await insert(short, 'train/loss', { epochs: [1, 2, 3], values: [0.9, 0.5, 0.7] });
  });

  it('returns a series of at most maxPoints points exactly as stored', async () => {
    const { metricSeries } = await ok<{ metricSeries: Series[] }>(SERIES, {
      runIds: [long],
      keys: ['train/loss'],
      maxPoints: 1000,
    });
    expect(metricSeries).toHaveLength(1);
    expect(metricSeries[0]).toMatchObject({ totalPoints: 1000, downsampled: false, ...stored });
    expect(metricSeries[0].points).toEqual(
      stored.epochs.map((epoch, i) => ({ epoch, value: stored.values[i] })),
    );
  });

  it("never exceeds maxPoints and keeps every bucket's lowest and highest point", async () => {
    for (const maxPoints of [2, 3, 10, 99, 500, 999]) {
      const { metricSeries } = await ok<{ metricSeries: Series[] }>(SERIES, {
        runIds: [long],
        keys: ['train/loss', 'val/sparse'],
        maxPoints,
      });
      for (const series of metricSeries) {
        const input = series.key === 'train/loss' ? stored : sparse;
        expect(series.epochs.length, `${series.key} at ${maxPoints}`).toBeLessThanOrEqual(maxPoints);
        // The reference rule keeps each bucket's min and max (earliest on ties), nothing else.
        const expected = downsampleMinMax(input, maxPoints);
        expect({ epochs: series.epochs, values: series.values }, `${series.key} at ${maxPoints}`).toEqual({
          epochs: expected.epochs,
          values: expected.values,
        });
        expect(series.downsampled).toBe(input.epochs.length > maxPoints);
        expect(series.totalPoints).toBe(input.epochs.length);
      }
    }
    const { metricSeries } = await ok<{ metricSeries: Series[] }>(SERIES, {
      runIds: [long],
      keys: ['train/loss'],
      maxPoints: 20,
    });
    // The global extremes, the spikes included, survive any downsampling.
    expect(Math.max(...metricSeries[0].values)).toBe(Math.max(...stored.values));
    expect(Math.min(...metricSeries[0].values)).toBe(Math.min(...stored.values));
  });

  it('answers one series per (run, key), runs outer and keys inner, empty where nothing was logged', async () => {
    const { metricSeries } = await ok<{ metricSeries: Series[] }>(SERIES, {
      runIds: [short, long, short],
      keys: ['train/loss', 'never/logged'],
    });
    expect(metricSeries.map((s) => [s.runId, s.key, s.totalPoints])).toEqual([
      [short, 'train/loss', 3],
      [short, 'never/logged', 0],
      [long, 'train/loss', 1000],
      [long, 'never/logged', 0],
    ]);
    expect(metricSeries[0]).toMatchObject({
      epochs: [1, 2, 3],
      values: [0.9, 0.5, 0.7],
      points: expect.any(Array),
    });
    expect(metricSeries[1]).toMatchObject({ epochs: [], values: [], points: [], downsampled: false });
  });

  it('rejects requests beyond its limits with BAD_USER_INPUT, and unknown runs with NOT_FOUND', async () => {
    // The arrays only: selecting `points` for 101 runs is refused earlier, as too costly (access.spec).
    const SERIES = `query ($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
      metricSeries(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key epochs values }
    }`;
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await failsWith(SERIES, { runIds: ids(101), keys: ['a'] }, 'BAD_USER_INPUT', /100/);
    await failsWith(SERIES, { runIds: [long], keys: ids(51) }, 'BAD_USER_INPUT', /50/);
    await failsWith(SERIES, { runIds: [long], keys: ['a'], maxPoints: 1 }, 'BAD_USER_INPUT', /maxPoints/);
    await failsWith(
      SERIES,
      { runIds: [long], keys: ['a'], maxPoints: 10_001 },
      'BAD_USER_INPUT',
      /maxPoints/,
    );
    await failsWith(SERIES, { runIds: ['nope'], keys: ['a'] }, 'BAD_USER_INPUT', /run id/);
    await failsWith(SERIES, { runIds: [long, ids(1)[0]], keys: ['a'] }, 'NOT_FOUND', new RegExp(ids(1)[0]));
  });
});

describe('compareRuns', () => {
  const COMPARE = `query ($runIds: [ID!]!) {
    compareRuns(runIds: $runIds) { runs { id seed summary { finalValAccuracy } } differences { field values } }
  }`;

  it('lists the run and strategy fields whose values differ, one value per run in order', async () => {
    const [a, b, c] = [seeded[0], seeded[1], seeded[3]];
    const { compareRuns } = await ok<{
      compareRuns: { runs: { id: string }[]; differences: { field: string; values: string[] }[] };
    }>(COMPARE, { runIds: [a.id, b.id, c.id] });
    expect(compareRuns.runs.map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    const differences = Object.fromEntries(compareRuns.differences.map((d) => [d.field, d.values]));
    expect(differences.seed).toEqual(['0', '1', '3']);
    expect(differences.qualityProfileId).toEqual(['null', JSON.stringify(profileId), 'null']);
    expect(differences['strategy.kind']).toEqual(['"full"', '"last-k"', '"full"']);
    expect(differences['strategy.learningRate']).toEqual(['0.001', '0.002', '0.002']);
    expect(differences).not.toHaveProperty('datasetId');
    expect(differences).not.toHaveProperty('strategy.epochs');
  });

  it('takes 2 to 20 distinct, existing runs', async () => {
    const ids = seeded.map((r) => r.id);
    await failsWith(COMPARE, { runIds: [ids[0]] }, 'BAD_USER_INPUT', /2 to 20/);
    await failsWith(COMPARE, { runIds: ids.slice(0, 21) }, 'BAD_USER_INPUT', /2 to 20/);
    await failsWith(COMPARE, { runIds: [ids[0], ids[0]] }, 'BAD_USER_INPUT', /once/);
    await failsWith(COMPARE, { runIds: [ids[0], 'nope'] }, 'BAD_USER_INPUT');
    await failsWith(COMPARE, { runIds: [ids[0], '00000000-0000-4000-8000-000000000000'] }, 'NOT_FOUND');
  });
});

describe('sweeps', () => {
  const SWEEP_FIELDS =
    'id name finishedRuns runs { id status seed strategyId qualityProfileId sweepId } paretoFront { runId accuracy ckaMean }';
  const START = `mutation ($input: StartSweepInput!) { startSweep(input: $input) { ${SWEEP_FIELDS} } }`;
  const SWEEP = `query ($id: ID!) { sweep(id: $id) { ${SWEEP_FIELDS} } }`;
  interface SweepView {
    id: string;
    finishedRuns: number;
    runs: {
      id: string;
      status: string;
      seed: number;
      strategyId: string;
      qualityProfileId: string | null;
      sweepId: string;
    }[];
    paretoFront: { runId: string; accuracy: number; ckaMean: number }[];
  }
  let strategies: string[];

  beforeAll(async () => {
    strategies = [];
    for (const [name, spec] of [
      ['sweep-full', { kind: 'full' }],
      ['sweep-last-1', { kind: 'last-k', k: 1 }],
    ] as const) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO strategy (name, kind, spec) VALUES ($1, $2, $3) RETURNING id`,
        [name, spec.kind, spec],
      );
      strategies.push(rows[0].id);
    }
  });

  const counts = async () =>
    (
      await pool.query<{ sweeps: number; runs: number }>(
        'SELECT (SELECT count(*)::int FROM sweep) AS sweeps, (SELECT count(*)::int FROM run) AS runs',
      )
    ).rows[0];

  it('queues one run per strategy × profile × seed and reports the Pareto front of finished runs', async () => {
    const { startSweep } = await ok<{ startSweep: SweepView }>(START, {
      input: {
        name: 'grid',
        sourceModelId,
        datasetId,
        strategyIds: strategies,
        qualityProfileIds: [profileId],
        seeds: [0, 1, 2],
        limit: 100,
      },
    });
    expect(startSweep.runs).toHaveLength(6);
    expect(startSweep.runs.every((r) => r.status === 'QUEUED' && r.sweepId === startSweep.id)).toBe(true);
    expect(new Set(startSweep.runs.map((r) => `${r.strategyId}/${r.seed}`)).size).toBe(6);
    expect(startSweep).toMatchObject({ name: 'grid', finishedRuns: 0, paretoFront: [] });

    // Three runs finish: one best on accuracy, one best on CKA, one beaten on both.
    const finished: [string, number, number][] = [
      [startSweep.runs[0].id, 0.95, 0.5],
      [startSweep.runs[1].id, 0.8, 0.9],
      [startSweep.runs[2].id, 0.7, 0.4],
    ];
    for (const [id, accuracy, cka] of finished) {
      await pool.query(`UPDATE run SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [id]);
      await pool.query(
        `INSERT INTO run_summary (run_id, key, last, min, max, epoch)
         VALUES ($1, 'val/accuracy_clean', $2, 0, 1, 3), ($1, 'similarity/cka_mean', $3, 0, 1, 3)`,
        [id, accuracy, cka],
      );
    }
    const { sweep } = await ok<{ sweep: SweepView }>(SWEEP, { id: startSweep.id });
    expect(sweep.finishedRuns).toBe(3);
    expect(sweep.paretoFront).toEqual([
      { runId: finished[0][0], accuracy: 0.95, ckaMean: 0.5 },
      { runId: finished[1][0], accuracy: 0.8, ckaMean: 0.9 },
    ]);
  });

  it('writes nothing when any run of the grid is invalid', async () => {
    const before = await counts();
    await failsWith(
      START,
      {
        input: {
          name: 'half-bad',
          sourceModelId,
          datasetId,
          strategyIds: [strategies[0], '00000000-0000-4000-8000-000000000000'],
          seeds: [0],
        },
      },
      'BAD_USER_INPUT',
      /strategy/,
    );
    expect(await counts()).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown sweep', async () => {
    await failsWith(SWEEP, { id: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND');
    await failsWith(SWEEP, { id: 'nope' }, 'NOT_FOUND');
  });
});

describe('recommendStrategy', () => {
  const RECOMMEND = `query ($id: ID!) { recommendStrategy(profileId: $id) { kind reason labelNoiseRate spec } }`;

  it("applies the trainer's auto rule to the profile's declared label noise", async () => {
    const { recommendStrategy } = await ok<{
      recommendStrategy: {
        kind: string;
        reason: string;
        labelNoiseRate: number;
        spec: Record<string, unknown>;
      };
    }>(RECOMMEND, { id: profileId });
    expect(recommendStrategy).toMatchObject({ kind: 'last-k', labelNoiseRate: 0.4, spec: { loss: 'gce' } });
    expect(recommendStrategy.reason).toMatch(/40 %/);
  });

  it('answers NOT_FOUND for an unknown profile', async () => {
    await failsWith(RECOMMEND, { id: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND');
  });
});

describe('metric ingest (what metricSeries and runs read)', () => {
  const state = async (runId: string) => ({
    points: (
      await pool.query('SELECT key, epoch, value FROM metric WHERE run_id = $1 ORDER BY key, epoch', [runId])
    ).rows,
    summary: (
      await pool.query('SELECT key, last, min, max, epoch FROM run_summary WHERE run_id = $1 ORDER BY key', [
        runId,
      ])
    ).rows,
    epochsCompleted: (await pool.query('SELECT epochs_completed FROM run WHERE id = $1', [runId])).rows[0]
      .epochs_completed as number,
  });

  it('stores a batch of epochs exactly as epoch-by-epoch writes do, retries included', async () => {
    const [one, batched] = await Promise.all(
      [0, 1].map(async () => {
        const { rows } = await pool.query<{ id: string }>(
          `INSERT INTO run (kind, status, dataset_id, strategy_kind, strategy_spec, epochs)
           VALUES ('FINETUNE', 'RUNNING', $1, 'full', '{}', 5) RETURNING id`,
          [datasetId],
        );
        return rows[0].id;
      }),
    );
    const epochs = [1, 2, 3, 4, 5].map((epoch) => ({
      epoch,
      metrics: {
        'val/loss': 1 / epoch,
        'val/accuracy': [0.3, 0.6, 0.5, 0.8, 0.7][epoch - 1],
        'system/backend': 'cpu',
      },
    }));
    const repository = server.services.runRepository;
    for (const { epoch, metrics } of epochs) await repository.recordEpoch(one, epoch, metrics);
    // Out of order, with a retried epoch that must not change the stored point.
    await repository.recordEpochs(
      [epochs[3], epochs[0], epochs[4], epochs[1], epochs[2], { epoch: 2, metrics: { 'val/loss': 0.9 } }].map(
        (e) => ({ runId: batched, ...e }),
      ),
    );
    const expected = await state(one);
    expect(expected.summary).toContainEqual({ key: 'val/accuracy', last: 0.7, min: 0.3, max: 0.8, epoch: 5 });
    expect(expected.epochsCompleted).toBe(5);
    expect(await state(batched)).toEqual(expected);
  });
});
