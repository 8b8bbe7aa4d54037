/**
 * The API shapes the dashboard selects, derived from the client types generated from
 * packages/schema/schema.graphql (`npm run codegen -w @driftboard/schema`). Each query's
 * result type picks the fields it selects; a selected nullable field is present as `T | null`.
 */
import type * as Api from '../../../../../packages/schema/src/client/api-types';

/** The fields a query selects from `T`: each present, a nullable one as `T[K] | null`. */
export type Selection<T, K extends keyof T> = { [P in K]-?: Exclude<T[P], undefined> };

export type RunStatus = Api.RunStatus;
/** Every status, in lifecycle order (the order the dashboard lists them). */
export const RUN_STATUSES = [
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
] as const satisfies readonly RunStatus[];
/** Fails to compile when the schema gains a status RUN_STATUSES lacks. */
type _Expect<T extends true> = T;
type _EveryStatusListed = _Expect<
  [Exclude<RunStatus, (typeof RUN_STATUSES)[number]>] extends [never] ? true : false
>;
export const TERMINAL_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
export const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.includes(status);

export type RunKind = Api.RunKind;
export type JsonObject = Api.JSONObject;
/** One epoch's metrics: numbers, except system/backend. */
export type Metrics = Record<string, number | string>;

export type RunSummary = Selection<
  Api.RunSummary,
  'bestValAccuracy' | 'finalValAccuracy' | 'finalValAccuracyClean' | 'finalCkaMean' | 'durationMs'
>;

/** A run as RUN_FIELDS (fragments.ts) selects it. */
export type Run = Selection<
  Api.Run,
  | 'id'
  | 'kind'
  | 'status'
  | 'datasetId'
  | 'qualityProfileId'
  | 'sourceModelId'
  | 'strategyId'
  | 'sweepId'
  | 'strategySpec'
  | 'seed'
  | 'limit'
  | 'backend'
  | 'device'
  | 'error'
  | 'tags'
  | 'notes'
  | 'epochs'
  | 'epochsCompleted'
  | 'queuedAt'
  | 'startedAt'
  | 'finishedAt'
> & { summary: RunSummary };

export type Dataset = Selection<
  Api.Dataset,
  'id' | 'name' | 'modality' | 'origin' | 'classNames' | 'inputShape' | 'size'
>;

export type QualityProfile = Selection<
  Api.QualityProfile,
  'id' | 'name' | 'datasetId' | 'spec' | 'realisedNoiseRate' | 'createdAt'
>;

export type SourceModel = Selection<
  Api.SourceModel,
  'id' | 'name' | 'architecture' | 'blocks' | 'datasetId' | 'status' | 'inputShape'
>;

export type Strategy = Selection<Api.Strategy, 'id' | 'name' | 'kind' | 'spec'>;

export type MetricSeries = Selection<Api.MetricSeries, 'runId' | 'key' | 'epochs' | 'values' | 'downsampled'>;

export type StrategyRecommendation = Selection<
  Api.StrategyRecommendation,
  'kind' | 'reason' | 'spec' | 'labelNoiseRate' | 'examplesPerClass'
>;
export type SpecDifference = Selection<Api.SpecDifference, 'field' | 'values'>;
export type ParetoPoint = Selection<Api.ParetoPoint, 'runId' | 'accuracy' | 'ckaMean'>;
export type PageInfo = Selection<Api.PageInfo, 'endCursor' | 'hasNextPage'>;
export type StartRunInput = Api.StartRunInput;
export type StartSweepInput = Api.StartSweepInput;
export type CreateStrategyInput = Api.CreateStrategyInput;

/** RUN_EVENT_FIELDS (fragments.ts): `metrics` narrowed to what epochs hold. */
export type EpochCompletedEvent = Selection<Api.EpochCompleted, '__typename' | 'runId' | 'epoch'> & {
  metrics: Metrics;
};
export type RunStatusChangedEvent = Selection<
  Api.RunStatusChanged,
  '__typename' | 'runId' | 'status' | 'error' | 'at'
>;
export type RunLogEvent = Selection<Api.RunLog, '__typename' | 'runId' | 'level' | 'message' | 'at'>;
/** Api.RunEvent as selected, discriminated on `__typename`. */
export type RunEvent = EpochCompletedEvent | RunStatusChangedEvent | RunLogEvent;

export type Role = Api.Role;
export type Project = Selection<Api.Project, 'id' | 'name'>;
/** VIEWER_QUERY (features/auth): who the token is. */
export type Viewer = Selection<Api.Viewer, 'authEnabled' | 'role' | 'tokenName'> & { projects: Project[] };
