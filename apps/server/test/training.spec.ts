import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobState, storedEpochs } from './support/database.js';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  CANCEL_RUN,
  SOURCE_MODEL,
  START_RUN,
  TINY_LIMIT,
  datasetId,
  isFinished,
  pretrainTinyModel,
  waitForRun,
  type RunView,
  type SourceModelView,
} from './support/fixtures.js';
import type { ServerProcess } from './support/processes.js';
import {
  BusProbe,
  statusChanges,
  subscribeRunEvents,
  withoutProbes,
  type RunEventPayload,
} from './support/subscriptions.js';
import { sleep } from './support/wait.js';

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const isTerminalStatus = (e: RunEventPayload) =>
  e.__typename === 'RunStatusChanged' && TERMINAL.includes(e.status!);
const numericOnly = (metrics: Record<string, number | string>) =>
  Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === 'number'));

describe('training with one worker process', () => {
  let env: TestEnvironment;
  let worker: ServerProcess;
  let bus: BusProbe;
  let sourceModel: SourceModelView;
  let targetDatasetId: string;

  beforeAll(async () => {
    env = await startEnvironment();
    bus = BusProbe.open(env.deployment);
    worker = await env.spawnWorker();
    targetDatasetId = await datasetId(env.client);
    const pretrain = await pretrainTinyModel(env.client, 'training-source');
    const run = await waitForRun(env.client, pretrain.run.id, isFinished, 60_000, env.processOutput);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    sourceModel = (
      await env.client.ok<{ sourceModel: SourceModelView }>(SOURCE_MODEL, { id: pretrain.sourceModel.id })
    ).sourceModel;
  });

  afterAll(async () => {
    await bus?.close();
    await env?.close();
  });

  /**
   * Queues a run and subscribes to it while the worker is frozen, so the
   * subscription is provably live before the worker can publish epoch 1.
   */
  async function startWatchedRun(strategy: Record<string, unknown>, seed = 7) {
    worker.pause();
    try {
      const { startRun } = await env.client.ok<{ startRun: RunView }>(START_RUN, {
        input: {
          sourceModelId: sourceModel.id,
          datasetId: targetDatasetId,
          strategy,
          limit: TINY_LIMIT,
          seed,
        },
      });
      const subscription = subscribeRunEvents(env.api.server.wsUrl, startRun.id);
      await bus.untilLive(subscription, startRun.id);
      return { run: startRun, subscription };
    } finally {
      worker.resume();
    }
  }

  it('pretrainSourceModel trains a READY source model whose blocks a strategy can name', () => {
    expect(sourceModel).toMatchObject({
      name: 'training-source',
      architecture: 'cnn-ref',
      status: 'READY',
      blocks: ['conv1', 'conv2', 'dense', 'head'],
      inputShape: [12, 12, 1],
      datasetId: targetDatasetId,
    });
  });

  it('pushes EpochCompleted for epochs 1..N in order, then SUCCEEDED; the stored history equals what was pushed', async () => {
    const epochs = 3;
    const { run, subscription } = await startWatchedRun({ kind: 'last-k', k: 1, epochs });
    let events: RunEventPayload[];
    try {
      await subscription.next(isTerminalStatus, 60_000, 'the run to finish');
      events = withoutProbes(subscription.events);
    } finally {
      await subscription.close();
    }

    const pushedEpochs = events.filter((e) => e.__typename === 'EpochCompleted');
    expect(pushedEpochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(statusChanges(events)).toEqual(['RUNNING', 'SUCCEEDED']);
    const position = (status: string) => events.findIndex((e) => e.status === status);
    expect(position('RUNNING')).toBeLessThan(events.indexOf(pushedEpochs[0]));
    expect(position('SUCCEEDED')).toBeGreaterThan(events.indexOf(pushedEpochs[2]));
    const logs = events.filter((e) => e.__typename === 'RunLog').map((e) => e.message);
    expect(logs).toEqual([expect.stringMatching(/^started on \w+: last-k/), 'completed after 3 epochs']);
    for (const event of pushedEpochs) {
      expect(event.runId).toBe(run.id);
      expect(Object.keys(event.metrics!)).toEqual(
        expect.arrayContaining([
          'train/loss',
          'train/accuracy',
          'val/loss',
          'val/accuracy',
          'val/accuracy_clean',
          'similarity/cka/conv1',
          'similarity/cka_mean',
          'similarity/weight_drift/head',
          'similarity/agreement',
          'system/epoch_ms',
        ]),
      );
    }

    const stored = await waitForRun(env.client, run.id, isFinished, 5_000);
    expect(stored).toMatchObject({ status: 'SUCCEEDED', epochs, epochsCompleted: epochs, error: null });
    // Numbers are stored; the one string metric (system/backend) becomes the run's `backend`.
    expect(stored.history).toEqual(
      pushedEpochs.map((e) => ({ epoch: e.epoch, metrics: numericOnly(e.metrics!) })),
    );
    expect(stored.backend).toBe(pushedEpochs[0].metrics!['system/backend']);
    expect(stored.device).toMatch(new RegExp(`:${worker.pid}$`));
    expect(Date.parse(stored.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(stored.startedAt!));
    const accuracies = pushedEpochs.map((e) => e.metrics!['val/accuracy'] as number);
    expect(stored.summary.finalValAccuracy).toBe(accuracies.at(-1));
    expect(stored.summary.bestValAccuracy).toBe(Math.max(...accuracies));
    expect(stored.summary.finalCkaMean).toBe(pushedEpochs[2].metrics!['similarity/cka_mean']);
  });

  it('cancelRun of a RUNNING run ends it CANCELLED with every completed epoch kept', async () => {
    const epochs = 300; // far more than it will get through: the cancel must stop it
    const { run, subscription } = await startWatchedRun({ kind: 'last-k', k: 1, epochs, batchSize: 16 });
    let events: RunEventPayload[];
    try {
      await subscription.next((e) => e.__typename === 'EpochCompleted', 60_000, 'the first epoch');
      const { cancelRun } = await env.client.ok<{ cancelRun: RunView }>(CANCEL_RUN, { id: run.id });
      // The worker stops at its next batch; the mutation answers before that.
      expect(['RUNNING', 'CANCELLED']).toContain(cancelRun.status);
      await subscription.next(isTerminalStatus, 30_000, 'the run to stop');
      events = withoutProbes(subscription.events);
    } finally {
      await subscription.close();
    }

    expect(statusChanges(events)).toEqual(['RUNNING', 'CANCELLED']);
    const stored = await waitForRun(env.client, run.id, isFinished, 5_000);
    expect(stored.status).toBe('CANCELLED');
    expect(stored.error).toBeNull();
    expect(stored.finishedAt).not.toBeNull();
    expect(stored.epochsCompleted).toBeGreaterThanOrEqual(1);
    expect(stored.epochsCompleted).toBeLessThan(epochs);
    const kept = Array.from({ length: stored.epochsCompleted }, (_, i) => i + 1);
    expect(stored.history!.map((h) => h.epoch)).toEqual(kept);
    const pushed = events.filter((e) => e.__typename === 'EpochCompleted');
    expect(pushed.map((e) => e.epoch)).toEqual(kept);
    expect(stored.history).toEqual(pushed.map((e) => ({ epoch: e.epoch, metrics: numericOnly(e.metrics!) })));

    // Nothing trains it any more, and its job is done rather than waiting for a retry.
    const { rows } = await env.deployment.database.pool.query<{ job_id: string }>(
      'SELECT job_id FROM run WHERE id = $1',
      [run.id],
    );
    expect(await jobState(env.deployment.database.pool, rows[0].job_id)).toBe('completed');
    await sleep(500);
    expect((await storedEpochs(env.deployment.database.pool, run.id)).length).toBe(stored.epochsCompleted);
  });

  it('a run with a label-noise profile trains on noisy labels and records the realised rate with the profile', async () => {
    const { createQualityProfile } = await env.client.ok<{ createQualityProfile: { id: string } }>(
      'mutation ($input: CreateQualityProfileInput!) { createQualityProfile(input: $input) { id } }',
      {
        input: { name: 'noisy-30', datasetId: targetDatasetId, spec: { labelNoise: { rate: 0.3 }, seed: 3 } },
      },
    );
    const { startRun } = await env.client.ok<{ startRun: RunView }>(START_RUN, {
      input: {
        sourceModelId: sourceModel.id,
        datasetId: targetDatasetId,
        qualityProfileId: createQualityProfile.id,
        strategy: { kind: 'last-k', k: 1, epochs: 1 },
        limit: TINY_LIMIT,
        seed: 2,
      },
    });
    const run = await waitForRun(env.client, startRun.id, isFinished, 60_000, env.processOutput);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    const { qualityProfile } = await env.client.ok<{ qualityProfile: { realisedNoiseRate: number | null } }>(
      'query ($id: ID!) { qualityProfile(id: $id) { realisedNoiseRate } }',
      { id: createQualityProfile.id },
    );
    expect(qualityProfile.realisedNoiseRate).toBeGreaterThan(0.15);
    expect(qualityProfile.realisedNoiseRate).toBeLessThan(0.45);
    const metrics = run.history!.at(-1)!.metrics;
    // Accuracy on the noisy labels differs from accuracy on the true ones.
    expect(metrics['val/accuracy']).not.toBe(metrics['val/accuracy_clean']);
  });
});
