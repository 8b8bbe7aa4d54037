'use client';

import { useEffect, useMemo, useReducer, useRef } from 'react';
import { useQuery } from 'urql';
import { RUN_STATUSES, isTerminal, type Run, type RunEvent } from '../../../shared/graphql/api-types';
import { useEventStream } from '../../../shared/graphql/use-event-stream';
import {
  RUNS_CHANGED_SUBSCRIPTION,
  RUNS_QUERY,
  type RunsChangedData,
  type RunsData,
} from '../graphql/runs-queries';
import { applyRunsEvent, patchRun } from '../live-runs';
import { runsVariables, type RunsView } from '../runs-view';

const REFETCH_DELAY_MS = 400;
const pickEvent = (data: RunsChangedData) => data.runsChanged;

/**
 * One page of runs, kept live: status changes of any run and epochs of the
 * page's active runs patch the rows at once; a status change then reloads the
 * page (debounced) for the new summary numbers and for runs that just appeared.
 */
export function useLiveRuns(view: RunsView) {
  const variables = useMemo(() => runsVariables(view), [view]);
  const [result, refetch] = useQuery<RunsData>({ query: RUNS_QUERY, variables });
  const [patches, dispatch] = useReducer(applyRunsEvent, {});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const scheduleRefetch = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => refetch({ requestPolicy: 'network-only' }), REFETCH_DELAY_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const onEvent = (event: RunEvent) => {
    dispatch(event);
    if (event.__typename === 'RunStatusChanged') scheduleRefetch();
  };
  useEventStream(RUNS_CHANGED_SUBSCRIPTION, { statuses: RUN_STATUSES }, pickEvent, onEvent);

  const runs = useMemo(
    () => (result.data?.runs.edges ?? []).map((edge) => patchRun(edge.node, patches[edge.node.id])),
    [result.data, patches],
  );
  const activeIds = runs.filter((run: Run) => !isTerminal(run.status)).map((run) => run.id);
  useEventStream(RUNS_CHANGED_SUBSCRIPTION, { runIds: activeIds }, pickEvent, onEvent, {
    pause: activeIds.length === 0,
  });

  return {
    runs,
    totalCount: result.data?.runs.totalCount ?? 0,
    pageInfo: result.data?.runs.pageInfo,
    fetching: result.fetching && !result.data,
    error: result.error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}
