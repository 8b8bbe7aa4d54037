import { EpochCompleted, LogLevel, RunEvent, RunLog, RunStatus, RunStatusChanged } from '@driftboard/schema';
import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { RunBusEvent } from '../../bus/event-bus.js';
import type { RequestContext } from '../access/request-context.js';

/** A bus event as the GraphQL union member it is. */
export function toRunEvent(event: RunBusEvent): EpochCompleted | RunStatusChanged | RunLog {
  switch (event.kind) {
    case 'epoch':
      return Object.assign(new EpochCompleted(), {
        runId: event.runId,
        epoch: event.epoch,
        metrics: event.metrics,
      });
    case 'status':
      return Object.assign(new RunStatusChanged(), {
        runId: event.runId,
        status: event.status as RunStatus,
        error: event.error,
        at: new Date(event.at),
      });
    case 'log':
      return Object.assign(new RunLog(), {
        runId: event.runId,
        level: event.level as LogLevel,
        message: event.message,
        at: new Date(event.at),
      });
  }
}

@Resolver()
export class RunEventsResolver {
  @Subscription(() => RunEvent, {
    topics: 'RUN_EVENT',
    topicId: ({ args }) => (args as { runId: string }).runId,
    // Another project's run looks like a run that never sends anything.
    filter: ({ payload, context }) =>
      (context as RequestContext).access.canSee((payload as RunBusEvent).projectId),
    description: "One run's epochs, status changes and log lines, live.",
  })
  runEvents(@Root() event: RunBusEvent, @Arg('runId', () => ID) _runId: string): typeof RunEvent {
    return toRunEvent(event);
  }

  @Subscription(() => RunEvent, {
    topics: 'RUNS_CHANGED',
    filter: ({ payload, args, context }) => {
      const { runIds, statuses } = args as { runIds?: string[] | null; statuses?: string[] | null };
      const event = payload as RunBusEvent;
      if (!(context as RequestContext).access.canSee(event.projectId)) return false;
      if (runIds?.length && !runIds.includes(event.runId)) return false;
      if (statuses?.length) return event.kind === 'status' && statuses.includes(event.status);
      return true;
    },
    description: 'Events of every run (or of the given runs, or status changes to the given statuses).',
  })
  runsChanged(
    @Root() event: RunBusEvent,
    @Arg('runIds', () => [ID], { nullable: true }) _runIds?: string[],
    @Arg('statuses', () => [RunStatus], { nullable: true }) _statuses?: RunStatus[],
  ): typeof RunEvent {
    return toRunEvent(event);
  }
}
