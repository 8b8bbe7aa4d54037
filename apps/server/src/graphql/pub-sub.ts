import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import type { RunBusEvent } from '../bus/event-bus.js';

/**
 * The in-process fan-out behind GraphQL subscriptions. Each API server
 * subscribes to the cross-process bus once and republishes here, so 500
 * subscribers cost one bus subscription, not 500.
 */
export type ApiPubSub = ReturnType<typeof createApiPubSub>;

export function createApiPubSub() {
  // Every subscriber of a run listens on the same topic; hundreds are normal, not a leak.
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return createPubSub<{
    /** Events of one run, by run id. */
    RUN_EVENT: [runId: string, event: RunBusEvent];
    /** Every run's events, for runsChanged. */
    RUNS_CHANGED: [event: RunBusEvent];
  }>({ eventTarget });
}
