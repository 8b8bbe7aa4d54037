import { createPubSub } from '@graphql-yoga/subscription';
import type { RunBusEvent } from '../bus/event-bus.js';

/**
 * The in-process fan-out behind GraphQL subscriptions. Each API server
 * subscribes to the cross-process bus once and republishes here, so 500
 * subscribers cost one bus subscription, not 500.
 */
export type ApiPubSub = ReturnType<typeof createApiPubSub>;

export function createApiPubSub() {
  return createPubSub<{
    /** Events of one run, by run id. */
    RUN_EVENT: [runId: string, event: RunBusEvent];
    /** Every run's events, for runsChanged. */
    RUNS_CHANGED: [event: RunBusEvent];
  }>();
}
