import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  RUN_WITH_HISTORY,
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  type RunView,
} from './support/fixtures.js';
import type { ApiProcess } from './support/servers.js';
import {
  BusProbe,
  statusChanges,
  subscribeRunEvents,
  withoutProbes,
  type RunEventPayload,
} from './support/subscriptions.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  { bus: 'postgres', redisUrl: undefined },
  { bus: 'redis', redisUrl: REDIS_URL },
])('two API servers on one database, $bus event bus', ({ bus: busKind, redisUrl }) => {
  let env: TestEnvironment;
  let serverB: ApiProcess;
  let bus: BusProbe;

  beforeAll(async () => {
    env = await startEnvironment({ redisUrl });
    serverB = await env.spawnApiServer();
    bus = BusProbe.open(env.deployment);
  });

  afterAll(async () => {
    await bus?.close();
    await env?.close();
  });

  it(`both servers relay over the ${busKind} bus`, async () => {
    for (const url of [env.api.server.url, serverB.url]) {
      const health = (await (await fetch(url.replace(/\/graphql$/, '/healthz'))).json()) as unknown;
      expect(health).toEqual({ ok: true, bus: busKind });
    }
  });

  it('a run started through server B and trained by a worker process streams every epoch to a subscriber of server A', async () => {
    const model = await importTinyModel(serverB.client, `multi-${busKind}`);
    const epochs = 3;
    const { startRun } = await serverB.client.ok<{ startRun: RunView }>(START_RUN, {
      input: {
        sourceModelId: model.id,
        datasetId: await datasetId(serverB.client),
        strategy: { kind: 'last-k', k: 1, epochs },
        limit: TINY_LIMIT,
      },
    });
    const subscription = subscribeRunEvents(env.api.server.wsUrl, startRun.id);
    let events: RunEventPayload[];
    try {
      await bus.untilLive(subscription, startRun.id);
      await env.spawnWorker();
      await subscription.next(
        (e) =>
          e.__typename === 'RunStatusChanged' && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(e.status!),
        60_000,
        'the run to finish',
      );
      events = withoutProbes(subscription.events);
    } finally {
      await subscription.close();
    }

    expect(events.filter((e) => e.__typename === 'EpochCompleted').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(statusChanges(events)).toEqual(['RUNNING', 'SUCCEEDED']);
    // Both servers read the same stored run.
    for (const client of [env.client, serverB.client]) {
      const { run } = await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: startRun.id });
      expect(run).toMatchObject({ status: 'SUCCEEDED', epochsCompleted: epochs });
      expect(run.history!.map((h) => h.epoch)).toEqual([1, 2, 3]);
    }
  });
});
