import { RUN_EVENT_FIELDS, RUN_FIELDS } from '../../../shared/graphql/fragments';
import type { PageInfo, Run, RunEvent } from '../../../shared/graphql/api-types';

export const RUNS_QUERY = `
  query Runs($first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {
    runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { endCursor hasNextPage }
      edges { cursor node { ${RUN_FIELDS} } }
    }
  }`;

export interface RunsData {
  runs: {
    totalCount: number;
    pageInfo: PageInfo;
    edges: { cursor: string; node: Run }[];
  };
}

/** Status changes of every run (new runs included), or every event of the given runs. */
export const RUNS_CHANGED_SUBSCRIPTION = `
  subscription RunsChanged($runIds: [ID!], $statuses: [RunStatus!]) {
    runsChanged(runIds: $runIds, statuses: $statuses) { ${RUN_EVENT_FIELDS} }
  }`;

export interface RunsChangedData {
  runsChanged: RunEvent;
}
