import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startApiServer, type ApiServer } from '../app/api-server.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import type { RunRepository } from '../modules/run/run.repository.js';
import { BENCH_METRIC_KEYS, createScratchDatabase, seedBenchData } from './bench-database.js';
import { latencyRow, markdownTable, measureLatency, ms, perSecond, type ReportRow } from './measure.js';
import { measureSubscriptionLatency } from './subscription-latency.js';
import { graphqlRequest } from './graphql-request.js';

/**
 * `npm run bench -w @driftboard/server`: seeds a scratch database (1,000 runs ×
 * 200 epochs × 40 metrics = 8M points, 10,000 runs in all), starts an API
 * server in this process and measures over real HTTP: metricSeries, the runs
 * query, and metric ingest through RunRepository. Prints a Markdown table;
 * the database is dropped at the end.
 */

const PLAN = { runs: 10_000, runsWithHistory: 1_000, epochs: 200, keys: BENCH_METRIC_KEYS };
const CALLS = 25;
const TARGET = { subscriptionP99: 50, metricSeriesP95: 300, runsP95: 100, ingestPointsPerSecond: 50_000 };

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

const graphql = <T>(server: ApiServer, query: string, variables: Record<string, unknown>) =>
  graphqlRequest<T>(server.url, query, variables);

function sample<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

async function benchMetricSeries(server: ApiServer, runIds: string[]): Promise<ReportRow[]> {
  const keys = BENCH_METRIC_KEYS.slice(0, 20);
  const variants = [
    { fields: 'epochs values', maxPoints: 500, calls: CALLS, target: true },
    { fields: 'points { epoch value }', maxPoints: 500, calls: 20, target: true },
    { fields: 'epochs values', maxPoints: 50, calls: 20, target: false },
  ];
  const rows: ReportRow[] = [];
  for (const variant of variants) {
    progress(`metricSeries: ${variant.fields}, maxPoints ${variant.maxPoints}`);
    const query = `query ($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
      metricSeries(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key totalPoints ${variant.fields} }
    }`;
    const latency = await measureLatency(variant.calls, async (index) => {
      const data = await graphql<{ metricSeries: { epochs?: number[]; points?: unknown[] }[] }>(
        server,
        query,
        {
          runIds: sample(runIds, 100),
          keys,
          maxPoints: variant.maxPoints,
        },
      );
      if (index < 0) {
        const points = data.metricSeries.reduce((n, s) => n + (s.epochs ?? s.points ?? []).length, 0);
        const expected = 100 * 20 * Math.min(PLAN.epochs, variant.maxPoints);
        if (data.metricSeries.length !== 2000 || points > expected || points < expected / 2) {
          throw new Error(`metricSeries returned ${data.metricSeries.length} series and ${points} points`);
        }
      }
    });
    const downsampled = variant.maxPoints < PLAN.epochs ? ', every series downsampled' : '';
    const measure = `(c) metricSeries 100 runs × 20 keys, maxPoints ${variant.maxPoints}${downsampled}: \`${variant.fields}\``;
    rows.push(latencyRow(measure, latency, variant.target ? TARGET.metricSeriesP95 : undefined));
  }
  return rows;
}

async function benchRuns(server: ApiServer): Promise<ReportRow[]> {
  const query = `query ($filter: RunFilter, $orderBy: RunOrder, $after: String) {
    runs(filter: $filter, orderBy: $orderBy, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id status strategySpec tags queuedAt summary { finalValAccuracy finalCkaMean } } }
    }
  }`;
  type Page = { runs: { totalCount: number; pageInfo: { endCursor: string | null }; edges: unknown[] } };
  const variables = {
    filter: {
      status: ['SUCCEEDED'],
      tags: ['bench'],
      metrics: [{ key: 'val/accuracy', min: 0.3 }],
    },
    orderBy: { field: 'METRIC', metricKey: 'val/accuracy', direction: 'DESC' },
  };
  progress('runs: first page');
  const first = await measureLatency(CALLS, async (index) => {
    const data = await graphql<Page>(server, query, variables);
    if (index < 0 && (data.runs.edges.length !== 50 || data.runs.totalCount < 1000)) {
      throw new Error(`runs returned ${data.runs.edges.length} runs of ${data.runs.totalCount}`);
    }
  });
  // Cursors of later pages, collected first so that each measured call is one request.
  const cursors: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < CALLS + 2; page++) {
    const data: Page = await graphql<Page>(server, query, { ...variables, after });
    after = data.runs.pageInfo.endCursor;
    if (!after) break;
    cursors.push(after);
  }
  progress('runs: later pages');
  const later = await measureLatency(
    Math.min(CALLS, cursors.length - 2),
    async (index) => void (await graphql<Page>(server, query, { ...variables, after: cursors[index + 2] })),
  );
  const what = 'SUCCEEDED, tag, val/accuracy ≥ 0.3, by val/accuracy';
  return [
    latencyRow(`(d) runs(first: 50) over 10,000 runs (${what}): first page`, first, TARGET.runsP95),
    latencyRow('(d) the same, later pages (`after`: a cursor)', later, TARGET.runsP95),
  ];
}

/** Epoch metrics as a worker writes them: 40 numbers and the backend name. */
function epochMetrics(epoch: number): Record<string, number | string> {
  const metrics: Record<string, number | string> = { 'system/backend': 'cpu' };
  for (const key of BENCH_METRIC_KEYS) metrics[key] = Math.random() / epoch;
  return metrics;
}

async function benchIngest(pool: pg.Pool, datasetId: string, runs: RunRepository): Promise<ReportRow[]> {
  const newRuns = async (count: number) =>
    (
      await pool.query<{ id: string }>(
        `INSERT INTO run (kind, status, dataset_id, strategy_kind, strategy_spec, epochs, started_at)
         SELECT 'FINETUNE', 'RUNNING', $1, 'full', '{"kind":"full"}', 200, now() FROM generate_series(1, $2::int)
         RETURNING id`,
        [datasetId, count],
      )
    ).rows.map((r) => r.id);
  const pointsPerEpoch = BENCH_METRIC_KEYS.length;
  const rate = (points: number, startedAt: number) => points / ((performance.now() - startedAt) / 1000);
  const row = (measure: string, pointsPerSecond: number): ReportRow => ({
    measure,
    result: perSecond(pointsPerSecond),
    target: `≥ ${TARGET.ingestPointsPerSecond.toLocaleString('en-US')} points/s`,
    met: pointsPerSecond >= TARGET.ingestPointsPerSecond,
  });

  progress('ingest: recordEpoch, one writer');
  const sequentialRuns = await newRuns(8);
  let start = performance.now();
  for (const runId of sequentialRuns) {
    for (let epoch = 1; epoch <= 50; epoch++) await runs.recordEpoch(runId, epoch, epochMetrics(epoch));
  }
  const sequential = rate(sequentialRuns.length * 50 * pointsPerEpoch, start);

  progress('ingest: recordEpoch, 8 concurrent writers');
  const concurrentRuns = await newRuns(8);
  start = performance.now();
  await Promise.all(
    concurrentRuns.map(async (runId) => {
      for (let epoch = 1; epoch <= 100; epoch++) await runs.recordEpoch(runId, epoch, epochMetrics(epoch));
    }),
  );
  const concurrent = rate(concurrentRuns.length * 100 * pointsPerEpoch, start);

  progress('ingest: recordEpochs, 200 epochs per call');
  const batchedRuns = await newRuns(30);
  start = performance.now();
  for (const runId of batchedRuns) {
    await runs.recordEpochs(
      Array.from({ length: 200 }, (_, i) => ({ runId, epoch: i + 1, metrics: epochMetrics(i + 1) })),
    );
  }
  const batched = rate(batchedRuns.length * 200 * pointsPerEpoch, start);

  return [
    row('(b) ingest: `recordEpoch` (40 metrics, one transaction per epoch), one writer', sequential),
    row('(b) ingest: `recordEpoch`, 8 writers at once in one process', concurrent),
    row('(b) ingest: `recordEpochs` (batched: 200 epochs × 40 metrics per call)', batched),
  ];
}

/** (a) Epoch-to-subscriber latency, 500 graphql-ws subscribers over two API server processes, on each bus. */
async function benchSubscriptions(databaseUrl: string, dataDir: string): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  const buses = [
    { name: 'PostgreSQL LISTEN/NOTIFY', redisUrl: undefined },
    { name: 'Redis pub/sub', redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  ];
  for (const bus of buses) {
    progress(`(a) subscription latency over ${bus.name}`);
    const result = await measureSubscriptionLatency({
      databaseUrl,
      dataDir,
      subscribers: 500,
      events: 60,
      eventsPerSecond: 10,
      redisUrl: bus.redisUrl,
    });
    rows.push({
      measure: `(a) epoch event → graphql-ws subscriber, ${result.subscribers} subscribers on ${result.servers} API servers, ${bus.name} (${result.deliveries}/${result.events * result.subscribers} delivered)`,
      result: `p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}`,
      target: `p99 ≤ ${TARGET.subscriptionP99} ms`,
      met: result.p99Ms <= TARGET.subscriptionP99 && result.deliveries === result.events * result.subscribers,
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const loadAtStart = os.loadavg()[0];
  const scratch = await createScratchDatabase(serverUrl);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-bench-'));
  let server: ApiServer | undefined;
  const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
  const dropAndExit = () => void scratch.drop().finally(() => process.exit(130));
  process.once('SIGINT', dropAndExit);
  try {
    server = await startApiServer(
      loadConfig({
        DATABASE_URL: scratch.url,
        PORT: '0',
        DRIFTBOARD_DATA_DIR: dataDir,
        // (c) measures `points` over 100 runs × 20 keys on purpose: 400,000 objects, far over the default cost limit.
        DRIFTBOARD_MAX_QUERY_COST: '5000000',
      }),
      createLogger('bench', 'warn'),
    );
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM dataset ORDER BY name LIMIT 1`);
    const datasetId = rows[0].id;
    const withHistory = await seedBenchData(pool, datasetId, PLAN, progress);

    const report = [
      ...(await benchSubscriptions(scratch.url, dataDir)),
      ...(await benchMetricSeries(server, withHistory)),
      ...(await benchRuns(server)),
      ...(await benchIngest(pool, datasetId, server.services.runRepository)),
    ];
    const { rows: version } = await pool.query<{ server_version: string }>('SHOW server_version');
    process.stdout.write(
      `\n${markdownTable(report)}\n\n` +
        `${os.cpus().length} CPU cores, load average ${loadAtStart.toFixed(1)} at start, ` +
        `PostgreSQL ${version[0].server_version}, Node ${process.version}; ` +
        `latencies are whole HTTP round trips with the response parsed, server and client in one process; ` +
        `(a) runs its two API servers and its subscribers in child processes. ${((performance.now() - started) / 1000).toFixed(0)} s in all.\n`,
    );
  } finally {
    process.off('SIGINT', dropAndExit);
    await pool.end();
    await server?.close();
    await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
