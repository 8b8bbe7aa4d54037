'use client';

import { useEffect, useReducer, useRef } from 'react';
import { useMutation, useQuery } from 'urql';
import { isTerminal, type RunEvent } from '../../../shared/graphql/api-types';
import { useEventStream } from '../../../shared/graphql/use-event-stream';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import {
  CANCEL_RUN_MUTATION,
  RUN_EVENTS_SUBSCRIPTION,
  RUN_QUERY,
  RUN_SERIES_QUERY,
  type RunData,
  type RunEventsData,
  type RunSeriesData,
} from '../graphql/run-queries';
import { MAX_LINE_POINTS, runChartKeys } from '../run-chart-data';
import { initialRunLiveState, runLiveReducer, seriesToRows } from '../run-events-reducer';

const pickEvent = (data: RunEventsData) => data.runEvents;

/**
 * A run with its metric history (metricSeries, downsampled) and everything
 * `runEvents` has pushed since, folded by `runLiveReducer`.
 */
export function useRunLive(runId: string) {
  const [runResult, refetchRun] = useQuery<RunData>({ query: RUN_QUERY, variables: { id: runId } });
  const { catalog, fetching: catalogLoading } = useCatalog();
  const run = runResult.data?.run;
  const sourceModel = catalog.sourceModel(run?.sourceModelId);
  const blocks = sourceModel?.blocks ?? [];
  const [seriesResult, refetchSeries] = useQuery<RunSeriesData>({
    query: RUN_SERIES_QUERY,
    variables: { runIds: [runId], keys: runChartKeys(blocks), maxPoints: MAX_LINE_POINTS },
    pause: !run || (Boolean(run.sourceModelId) && catalogLoading),
    requestPolicy: 'network-only',
  });
  const [state, dispatch] = useReducer(runLiveReducer, runId, initialRunLiveState);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });

  useEffect(() => {
    if (run) dispatch({ type: 'loaded', runId, status: run.status, error: run.error });
  }, [run, runId]);
  useEffect(() => {
    if (seriesResult.data)
      dispatch({ type: 'history', runId, rows: seriesToRows(seriesResult.data.metricSeries) });
  }, [seriesResult.data, runId]);

  const reload = () => {
    refetchRun({ requestPolicy: 'network-only' });
    refetchSeries({ requestPolicy: 'network-only' });
  };
  const onEvent = (event: RunEvent) => {
    const lastEpoch = latest.current.epochs.at(-1)?.epoch ?? 0;
    dispatch({ type: 'event', event });
    // A status change brings new summary numbers; an epoch gap means we missed some (e.g. while connecting).
    if (event.__typename === 'RunStatusChanged') reload();
    else if (event.__typename === 'EpochCompleted' && event.epoch > lastEpoch + 1 && seriesResult.data)
      reload();
  };
  useEventStream(RUN_EVENTS_SUBSCRIPTION, { runId }, pickEvent, onEvent);

  const [cancelState, cancelMutation] = useMutation(CANCEL_RUN_MUTATION);
  const status = state.status ?? run?.status ?? null;
  return {
    run,
    sourceModel,
    catalog,
    live: state,
    status,
    fetching: runResult.fetching && !run,
    error: runResult.error,
    seriesLoading: seriesResult.fetching && !seriesResult.data,
    seriesError: seriesResult.error,
    reload,
    cancel: async () => {
      const result = await cancelMutation({ id: runId });
      if (!result.error) reload();
      return result.error;
    },
    cancelling: cancelState.fetching,
    canCancel: status !== null && !isTerminal(status),
  };
}
