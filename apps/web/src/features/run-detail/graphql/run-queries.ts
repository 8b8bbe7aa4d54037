import { RUN_EVENT_FIELDS, RUN_FIELDS } from '../../../shared/graphql/fragments';
import type { MetricSeries, Run, RunEvent } from '../../../shared/graphql/api-types';

export const RUN_QUERY = `query Run($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`;
export interface RunData {
  run: Run;
}

/** Columns (epochs, values), not points: a third of the bytes. */
export const RUN_SERIES_QUERY = `
  query RunSeries($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
    metricSeries(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key epochs values downsampled }
  }`;
export interface RunSeriesData {
  metricSeries: MetricSeries[];
}

export const RUN_EVENTS_SUBSCRIPTION = `
  subscription RunEvents($runId: ID!) { runEvents(runId: $runId) { ${RUN_EVENT_FIELDS} } }`;
export interface RunEventsData {
  runEvents: RunEvent;
}

export const CANCEL_RUN_MUTATION = `mutation CancelRun($id: ID!) { cancelRun(id: $id) { id status } }`;

export const TAG_RUN_MUTATION = `
  mutation TagRun($id: ID!, $tags: [String!]!, $notes: String) { tagRun(id: $id, tags: $tags, notes: $notes) { id tags notes } }`;
