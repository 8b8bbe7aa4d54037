import { RUN_FIELDS } from '../../../shared/graphql/fragments';
import type { MetricSeries, Run, SpecDifference } from '../../../shared/graphql/api-types';

export const COMPARE_QUERY = `
  query CompareRuns($runIds: [ID!]!) {
    compareRuns(runIds: $runIds) { runs { ${RUN_FIELDS} } differences { field values } }
  }`;
export interface CompareData {
  compareRuns: { runs: Run[]; differences: SpecDifference[] };
}

export const COMPARE_SERIES_QUERY = `
  query CompareSeries($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
    metricSeries(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key epochs values downsampled }
  }`;
export interface CompareSeriesData {
  metricSeries: MetricSeries[];
}
