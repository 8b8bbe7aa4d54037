import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedEpochs } from './support/database.js';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  START_RUN,
  TINY_LIMIT,
  datasetId,
  isFinished,
  modelMetrics,
  pretrainTinyModel,
  waitForRun,
  type RunView,
} from './support/fixtures.js';
import type { ServerProcess } from './support/processes.js';
import { BusProbe, subscribeRunEvents, withoutProbes } from './support/subscriptions.js';

/** Enough epochs that a kill after epoch 2 lands well before the last, few enough to finish within the expiry. */
const EPOCHS = 8;
const STRATEGY = { kind: 'last-k', k: 1, epochs: EPOCHS, batchSize: 32, dropout: 0.2 };
const SEED = 11;

describe('a worker killed mid-run', () => {
  let env: TestEnvironment;
  let firstWorker: ServerProcess;
  let bus: BusProbe;
  let runInput: Record<string, unknown>;

  beforeAll(async () => {
    // A job still active after 10 s is presumed dead; 1 s maintenance notices soon after. Every run
    // here takes 1–2 s alone, but must stay under the expiry on a loaded 2-core machine too: pg-boss
    // re-runs a job that outlives it while the first attempt is still training.
    env = await startEnvironment({ jobExpireSeconds: 10, maintenanceSeconds: 1 });
    bus = BusProbe.open(env.deployment);
    firstWorker = await env.spawnWorker();
    const pretrain = await pretrainTinyModel(env.client, 'resume-source');
    const run = await waitForRun(env.client, pretrain.run.id, isFinished, 60_000, env.processOutput);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    runInput = {
      sourceModelId: pretrain.sourceModel.id,
      datasetId: await datasetId(env.client),
      strategy: STRATEGY,
      limit: TINY_LIMIT,
      seed: SEED,
    };
  });

  afterAll(async () => {
    await bus?.close();
    await env?.close();
  });

  it('is retried by another worker, which resumes from the checkpoint to the uninterrupted result', async () => {
    const { pool } = env.deployment.database;
    const start = async () =>
      (await env.client.ok<{ startRun: RunView }>(START_RUN, { input: runInput })).startRun;

    // The reference: the same run, never interrupted.
    const reference = await waitForRun(env.client, (await start()).id, isFinished, 60_000, env.processOutput);
    expect(reference.status, `${reference.error} (did it outlive the job expiry and run twice?)`).toBe(
      'SUCCEEDED',
    );

    firstWorker.pause();
    const run = await start();
    const subscription = subscribeRunEvents(env.api.server.wsUrl, run.id);
    try {
      await bus.untilLive(subscription, run.id);
      firstWorker.resume();
      // An epoch is pushed once stored, and epoch 2 starts after checkpoint 1 is written:
      // killed right after epoch 2 is pushed, the worker leaves stored epochs and a checkpoint.
      await subscription.next((e) => e.epoch === 2, 60_000, 'epoch 2');
      await firstWorker.kill();

      const beforeRetry = await storedEpochs(pool, run.id);
      expect(
        beforeRetry.length,
        'the worker was killed after at least one stored epoch',
      ).toBeGreaterThanOrEqual(2);
      expect(beforeRetry.at(-1)!.epoch, 'the worker was killed before the last epoch').toBeLessThan(EPOCHS);
      const orphaned = await waitForRun(env.client, run.id, () => true, 5_000);
      expect(orphaned.status).toBe('RUNNING');

      await env.spawnWorker();
      const resumed = await waitForRun(env.client, run.id, isFinished, 60_000, env.processOutput);
      expect(resumed.status, resumed.error ?? '').toBe('SUCCEEDED');
      expect(resumed.epochsCompleted).toBe(EPOCHS);

      // Every epoch exactly once: no gap where the worker died, no duplicate where the retry re-ran one.
      const everyEpoch = Array.from({ length: EPOCHS }, (_, i) => i + 1);
      const pointsPerEpoch = Object.keys(reference.history![0].metrics).length;
      expect(await storedEpochs(pool, run.id)).toEqual(
        everyEpoch.map((epoch) => ({ epoch, points: pointsPerEpoch })),
      );
      const { rows } = await pool.query<{ count: string }>('SELECT count(*) FROM metric WHERE run_id = $1', [
        run.id,
      ]);
      expect(Number(rows[0].count)).toBe(EPOCHS * pointsPerEpoch);
      expect(resumed.history!.map((h) => h.epoch)).toEqual(everyEpoch);

      // Same seed, same numbers: the retry continued the interrupted training, it did not restart it.
      expect(resumed.history!.map((h) => modelMetrics(h.metrics))).toEqual(
        reference.history!.map((h) => modelMetrics(h.metrics)),
      );

      const { rows: jobs } = await pool.query<{ state: string; retry_count: number }>(
        'SELECT j.state, j.retry_count FROM pgboss.job j JOIN run r ON r.job_id = j.id::text WHERE r.id = $1',
        [run.id],
      );
      expect(jobs).toEqual([{ state: 'completed', retry_count: 1 }]);
      await subscription.next((e) => e.__typename === 'RunStatusChanged' && e.status === 'SUCCEEDED', 5_000);
      const logs = withoutProbes(subscription.events)
        .filter((e) => e.__typename === 'RunLog')
        .map((e) => e.message);
      const resumedAt = logs.map((m) => /^resumed at epoch (\d+) on /.exec(m ?? '')?.[1]).find(Boolean);
      expect(resumedAt, `log lines: ${JSON.stringify(logs)}`).toBeDefined();
      expect(Number(resumedAt)).toBeGreaterThanOrEqual(2);
      expect(Number(resumedAt)).toBeLessThanOrEqual(beforeRetry.at(-1)!.epoch + 1);
    } finally {
      await subscription.close();
    }
  });
});
