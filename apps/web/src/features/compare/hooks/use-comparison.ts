'use client';

import { useQuery } from 'urql';
import { MAX_COMPARE_POINTS, MIN_RUNS } from '../compare-data';
import {
  COMPARE_QUERY,
  COMPARE_SERIES_QUERY,
  type CompareData,
  type CompareSeriesData,
} from '../graphql/compare-queries';

/** compareRuns for the runs, and the chosen metric's series of each (downsampled on the server). */
export function useComparison(runIds: string[], metric: string) {
  const enough = runIds.length >= MIN_RUNS;
  const [compare, refetch] = useQuery<CompareData>({
    query: COMPARE_QUERY,
    variables: { runIds },
    pause: !enough,
    requestPolicy: 'cache-and-network',
  });
  const [series] = useQuery<CompareSeriesData>({
    query: COMPARE_SERIES_QUERY,
    variables: { runIds, keys: [metric], maxPoints: MAX_COMPARE_POINTS },
    pause: !enough,
  });
  return {
    enough,
    runs: compare.data?.compareRuns.runs ?? [],
    differences: compare.data?.compareRuns.differences ?? [],
    series: series.data?.metricSeries ?? [],
    fetching: compare.fetching && !compare.data,
    seriesFetching: series.fetching && !series.data,
    error: compare.error ?? series.error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}
