import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, storedEpochs, type TestDatabase } from './support/database.js';
import {
  RUN_WITH_HISTORY,
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  type RunView,
} from './support/fixtures.js';
import type { ServerProcess } from './support/processes.js';
import {
  createDataDir,
  spawnApiServer,
  spawnWorker,
  type ApiProcess,
  type Deployment,
} from './support/servers.js';
import { BusProbe, Subscription, withoutProbes, type RunEventPayload } from './support/subscriptions.js';
import { waitFor } from './support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUNS = 20;
const EPOCHS = 3;
const EPOCH_NUMBERS = Array.from({ length: EPOCHS }, (_, i) => i + 1);

const RUNS_CHANGED = `subscription {
  runsChanged {
    __typename
    ... on EpochCompleted { runId epoch metrics }
    ... on RunStatusChanged { runId status error }
    ... on RunLog { runId level message }
  }
}`;

const isTerminal = (e: RunEventPayload) =>
  e.__typename === 'RunStatusChanged' && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(e.status!);
const isNumber = (value: unknown): value is number => typeof value === 'number';

/**
 * The docker-compose layout on one machine: two API server processes and two
 * worker processes on one PostgreSQL, events over Redis. Runs go in through
 * both servers; every run must be trained once, stored once, and reach every
 * subscriber of either server once, in order.
 */
describe('two API servers and two workers on one database, Redis event bus', () => {
  let database: TestDatabase;
  let removeDataDir: () => Promise<void>;
  let bus: BusProbe | undefined;
  const processes: ServerProcess[] = [];
  let servers: ApiProcess[] = [];
  let workers: ServerProcess[] = [];
  let subscriptions: Subscription<RunEventPayload>[] = [];
  const runs: RunView[] = [];
  let finished: RunView[] = [];
  const output = () => processes.map((p) => `--- process ${p.pid}\n${p.output()}`).join('\n');

  beforeAll(async () => {
    database = await createTestDatabase();
    const data = await createDataDir();
    removeDataDir = data.remove;
    const deployment: Deployment = { database, dataDir: data.dir, redisUrl: REDIS_URL };
    // Every started process is stopped in afterAll, even when a later one fails to start.
    const track = async <T extends ServerProcess>(starting: Promise<T>): Promise<T> => {
      const started = await starting;
      processes.push(started);
      return started;
    };
    // The first server migrates the empty database; the others then start together.
    const first = await track(spawnApiServer(deployment));
    const [second, ...started] = await Promise.all([
      track(spawnApiServer(deployment)),
      track(spawnWorker(deployment)),
      track(spawnWorker(deployment)),
    ]);
    servers = [first, second];
    workers = started;

    // One runsChanged subscriber per server, live (a probe went through) before any run exists.
    bus = BusProbe.open(deployment);
    subscriptions = servers.map(
      (server) => new Subscription<RunEventPayload>(server.wsUrl, RUNS_CHANGED, {}, 'runsChanged'),
    );
    for (const subscription of subscriptions) await bus.untilLive(subscription, randomUUID());
  });

  afterAll(async () => {
    await Promise.all(subscriptions.map((s) => s.close()));
    await bus?.close();
    await Promise.all(processes.map((p) => p.stop()));
    await database?.drop();
    await removeDataDir?.();
  });

  it(`${RUNS} runs submitted through both servers all succeed`, async () => {
    const model = await importTinyModel(servers[0].client, 'scale-out');
    const dataset = await datasetId(servers[0].client);
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) {
      const input = {
        sourceModelId: model.id,
        datasetId: dataset,
        strategy: { kind: 'last-k', k: 1, epochs: EPOCHS },
        limit: TINY_LIMIT,
        seed: i,
      };
      const { startRun } = await servers[i % 2].client
        .ok<{ startRun: RunView }>(START_RUN, { input })
        .catch((error: Error) => Promise.reject(new Error(`${error.message}\n${output()}`)));
      runs.push(startRun);
    }
    for (const subscription of subscriptions) {
      await waitFor(
        () => {
          if (subscription.errors.length) throw new Error(JSON.stringify(subscription.errors));
          return subscription.events.filter(isTerminal).length >= RUNS;
        },
        180_000,
        {
          what: `${RUNS} runs to finish`,
          describe: () => `${subscription.events.filter(isTerminal).length} finished\n${output()}`,
        },
      );
    }
    console.info(`scale-out: ${RUNS} runs of ${EPOCHS} epochs in ${(Date.now() - started) / 1000} s`);

    finished = await Promise.all(
      runs.map(
        async (run, i) =>
          (await servers[(i + 1) % 2].client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: run.id })).run,
      ),
    );
    for (const run of finished) {
      expect(run, run.error ?? '').toMatchObject({ status: 'SUCCEEDED', epochsCompleted: EPOCHS });
      expect(run.history!.map((h) => h.epoch)).toEqual(EPOCH_NUMBERS);
    }
  });

  it('each subscriber saw every run go QUEUED → RUNNING → SUCCEEDED once, and every epoch once, in order', () => {
    expect(finished).toHaveLength(RUNS);
    for (const subscription of subscriptions) {
      expect(subscription.errors).toEqual([]);
      const events = withoutProbes(subscription.events);
      for (const run of runs) {
        const own = events.filter((e) => e.runId === run.id);
        const statuses = own.filter((e) => e.__typename === 'RunStatusChanged').map((e) => e.status);
        expect(statuses, `statuses of run ${run.id}`).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
        const epochs = own.filter((e) => e.__typename === 'EpochCompleted').map((e) => e.epoch);
        expect(epochs, `epochs of run ${run.id}`).toEqual(EPOCH_NUMBERS);
      }
      // Nothing about runs that were never submitted.
      const ids = new Set(runs.map((r) => r.id));
      expect(events.filter((e) => !ids.has(e.runId))).toEqual([]);
    }
  });

  it('every epoch is stored once: metric rows per run = epochs × numeric metrics, equal to what was pushed', async () => {
    const pushed = withoutProbes(subscriptions[0].events);
    for (const run of finished) {
      const epochEvents = pushed.filter((e) => e.runId === run.id && e.__typename === 'EpochCompleted');
      const numericKeys = Object.values(epochEvents[0].metrics!).filter(isNumber).length;
      expect(numericKeys).toBeGreaterThan(10);
      expect(await storedEpochs(database.pool, run.id)).toEqual(
        EPOCH_NUMBERS.map((epoch) => ({ epoch, points: numericKeys })),
      );
      expect(run.history).toEqual(
        epochEvents.map((e) => ({
          epoch: e.epoch,
          metrics: Object.fromEntries(Object.entries(e.metrics!).filter(([, v]) => isNumber(v))),
        })),
      );
    }
  });

  it('both workers trained runs, and each run was one job that completed without a retry', async () => {
    const devices = new Set(finished.map((run) => run.device));
    expect(devices).toEqual(new Set(workers.map((w) => `${os.hostname()}:${w.pid}`)));

    // pg-boss completes a job just after its handler returns, i.e. after the run's SUCCEEDED.
    const jobs = await waitFor(
      async () => {
        const { rows } = await database.pool.query<{ state: string; retry_count: number }>(
          `SELECT j.state, j.retry_count FROM run r JOIN pgboss.job j ON j.id::text = r.job_id WHERE r.id = ANY($1)`,
          [runs.map((r) => r.id)],
        );
        return rows.every((r) => r.state === 'completed') && rows;
      },
      10_000,
      { what: 'every training job to complete' },
    );
    expect(jobs).toEqual(Array.from({ length: RUNS }, () => ({ state: 'completed', retry_count: 0 })));
    const { rows: trainJobs } = await database.pool.query<{ count: string }>(
      `SELECT count(*) AS count FROM pgboss.job WHERE name = 'train'`,
    );
    expect(Number(trainJobs[0].count)).toBe(RUNS);
  });
});
