import {
  Run,
  RunComparison,
  RunConnection,
  RunFilter,
  RunOrder,
  RunOrderField,
  SortDirection,
} from '@driftboard/schema';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Access } from '../access/access.js';
import type { RequestContext } from '../access/request-context.js';
import type { RunSort } from './run-cursor.js';
import type { RunQueryFilter } from './run-query.repository.js';
import { DEFAULT_PAGE_SIZE, type RunQueryService, type RunWithSummary } from './run-query.service.js';
import { toRun } from './run.mapper.js';
import type { RunStatusName } from './run.repository.js';

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** The API filter as SQL conditions, always limited to the projects the caller sees. */
function toFilter(access: Access, filter: RunFilter | undefined): RunQueryFilter {
  const visible = access.visibleProjectIds;
  const projectIds = filter?.projectId
    ? [filter.projectId].filter((id) => visible === null || visible.includes(id))
    : visible;
  if (!filter) return { projectIds };
  return {
    projectIds,
    statuses: orUndefined(filter.status) as RunStatusName[] | undefined,
    datasetId: orUndefined(filter.datasetId),
    qualityProfileId: orUndefined(filter.qualityProfileId),
    strategyId: orUndefined(filter.strategyId),
    strategyKind: orUndefined(filter.strategyKind),
    sweepId: orUndefined(filter.sweepId),
    tags: orUndefined(filter.tags),
    metrics: filter.metrics?.map((m) => ({ key: m.key, min: orUndefined(m.min), max: orUndefined(m.max) })),
  };
}

function toSort(order: RunOrder | undefined): RunSort {
  return {
    field: order?.field ?? RunOrderField.QUEUED_AT,
    metricKey: orUndefined(order?.metricKey),
    direction: order?.direction ?? SortDirection.DESC,
  };
}

const toApiRun = ({ run, summary }: RunWithSummary): Run => toRun(run, summary);

@Resolver()
export class RunQueryResolver {
  constructor(private readonly service: RunQueryService) {}

  @Query(() => RunConnection, {
    description:
      'Runs, filtered and ordered (newest first by default), a page at a time: pass pageInfo.endCursor as `after` for the next page.',
  })
  async runs(
    @Ctx() { access }: RequestContext,
    @Arg('filter', () => RunFilter, { nullable: true }) filter?: RunFilter,
    @Arg('orderBy', () => RunOrder, { nullable: true }) orderBy?: RunOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: 'At most 500.' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<RunConnection> {
    const page = await this.service.list(
      toFilter(access, filter),
      toSort(orderBy),
      first ?? DEFAULT_PAGE_SIZE,
      after,
    );
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toApiRun(edge) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
    };
  }

  @Query(() => RunComparison, {
    description: '2 to 20 runs side by side, with the run and strategy fields whose values differ.',
  })
  async compareRuns(
    @Ctx() { access }: RequestContext,
    @Arg('runIds', () => [ID]) runIds: string[],
  ): Promise<RunComparison> {
    const comparison = await this.service.compare(access, runIds);
    return { runs: comparison.runs.map(toApiRun), differences: comparison.differences };
  }
}
