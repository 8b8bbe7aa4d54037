'use client';

import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { useEventStream } from '../../../shared/graphql/use-event-stream';
import { RUNS_CHANGED_SUBSCRIPTION, type RunsChangedData } from '../../runs/graphql/runs-queries';
import { SWEEP_QUERY, type SweepData } from '../graphql/sweep-queries';

const pickEvent = (data: RunsChangedData) => data.runsChanged;

/** A sweep, reloaded (debounced) whenever one of its runs changes status. */
export function useSweep(id: string) {
  const [result, refetch] = useQuery<SweepData>({ query: SWEEP_QUERY, variables: { id } });
  const runIds = result.data?.sweep.runs.map((run) => run.id) ?? [];
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEventStream(
    RUNS_CHANGED_SUBSCRIPTION,
    { runIds },
    pickEvent,
    (event) => {
      if (event.__typename !== 'RunStatusChanged') return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 400);
    },
    { pause: runIds.length === 0 },
  );
  return {
    sweep: result.data?.sweep,
    fetching: result.fetching && !result.data,
    error: result.error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}
