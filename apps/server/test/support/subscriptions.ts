import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createEventBus } from '../../src/bus/create-event-bus.js';
import type { EventBus } from '../../src/bus/event-bus.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_PROJECT_ID } from '../../src/modules/access/access.js';
import type { Deployment } from './servers.js';
import { waitFor } from './wait.js';

/** A `runEvents` / `runsChanged` event as the API sends it (every member's fields selected). */
export interface RunEventPayload {
  __typename: 'EpochCompleted' | 'RunStatusChanged' | 'RunLog';
  runId: string;
  epoch?: number;
  metrics?: Record<string, number | string>;
  status?: string;
  error?: string | null;
  level?: string;
  message?: string;
}

export const RUN_EVENTS_SUBSCRIPTION = `subscription ($runId: ID!) {
  runEvents(runId: $runId) {
    __typename
    ... on EpochCompleted { runId epoch metrics }
    ... on RunStatusChanged { runId status error }
    ... on RunLog { runId level message }
  }
}`;

/** A graphql-ws subscription that collects everything it receives. */
export class Subscription<T> {
  readonly events: T[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private readonly client: Client;
  private readonly dispose: () => void;

  constructor(
    wsUrl: string,
    query: string,
    variables: Record<string, unknown>,
    field: string,
    /** graphql-ws connectionParams, e.g. `{ authorization: 'Bearer …' }`. */
    connectionParams?: Record<string, unknown>,
  ) {
    this.client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams,
      // A refused connection is an outcome tests look at, not something to print.
      onNonLazyError: (error) => void this.errors.push(error),
    });
    this.dispose = this.client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: ({ data, errors }) => {
          if (errors?.length) this.errors.push(...errors);
          else if (data) this.events.push(data[field]);
        },
        error: (error) => void this.errors.push(error),
        complete: () => void (this.completed = true),
      },
    );
  }

  /** Waits until an event matches and returns it; fails on a subscription error or timeout. */
  async next(predicate: (event: T) => boolean, timeoutMs: number, what = 'a matching event'): Promise<T> {
    return waitFor(
      () => {
        if (this.errors.length) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
        return this.events.find(predicate);
      },
      timeoutMs,
      {
        what,
        intervalMs: 20,
        describe: () => `${this.events.length} events: ${JSON.stringify(this.events.slice(-5))}`,
      },
    );
  }

  async close(): Promise<void> {
    this.dispose();
    await this.client.dispose();
  }
}

export function subscribeRunEvents(wsUrl: string, runId: string): Subscription<RunEventPayload> {
  return new Subscription<RunEventPayload>(wsUrl, RUN_EVENTS_SUBSCRIPTION, { runId }, 'runEvents');
}

/**
 * The test's own handle on the deployment's event bus (PostgreSQL or Redis, as
 * the servers use), to prove a subscription is live before a worker starts:
 * graphql-ws does not acknowledge a subscription, so the test publishes probe
 * log lines for the run until one arrives through the API server.
 */
export class BusProbe {
  private constructor(private readonly bus: EventBus) {}

  static open(deployment: Deployment): BusProbe {
    return new BusProbe(
      createEventBus({
        redisUrl: deployment.redisUrl,
        databaseUrl: deployment.database.url,
        pool: deployment.database.pool,
        logger: createLogger('test-bus', 'silent'),
      }),
    );
  }

  /** Resolves once `subscription` (to `runId`'s events) has received a probe. */
  async untilLive(
    subscription: Subscription<RunEventPayload>,
    runId: string,
    timeoutMs = 10_000,
  ): Promise<void> {
    const message = `probe ${randomUUID()}`;
    await waitFor(
      async () => {
        if (subscription.events.some((e) => e.message === message)) return true;
        await this.bus.publish('run-event', {
          kind: 'log',
          runId,
          projectId: DEFAULT_PROJECT_ID,
          level: 'INFO',
          message,
          at: new Date().toISOString(),
        });
        return subscription.events.some((e) => e.message === message);
      },
      timeoutMs,
      { what: 'the subscription to deliver a probe event', intervalMs: 100 },
    );
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}

/** The events of a subscription without the probes a BusProbe sent. */
export const withoutProbes = (events: RunEventPayload[]) =>
  events.filter((e) => !(e.__typename === 'RunLog' && e.message?.startsWith('probe ')));

/**
 * The statuses a subscription saw, without a leading QUEUED: startRun announces
 * that one before the client can subscribe, so it may or may not arrive.
 */
export const statusChanges = (events: RunEventPayload[]) =>
  events
    .filter((e) => e.__typename === 'RunStatusChanged')
    .map((e) => e.status)
    .filter((status, i) => !(i === 0 && status === 'QUEUED'));
