/**
 * The API shapes the dashboard selects, written to match packages/schema/schema.graphql
 * (the schema package exports server classes, not browser-safe client types).
 */
export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
export const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.includes(status);

export type RunKind = 'FINETUNE' | 'PRETRAIN';
export type JsonObject = Record<string, unknown>;
/** One epoch's metrics: numbers, except system/backend. */
export type Metrics = Record<string, number | string>;

export interface RunSummary {
  bestValAccuracy: number | null;
  finalValAccuracy: number | null;
  finalValAccuracyClean: number | null;
  finalCkaMean: number | null;
  durationMs: number | null;
}

export interface Run {
  id: string;
  kind: RunKind;
  status: RunStatus;
  datasetId: string;
  qualityProfileId: string | null;
  sourceModelId: string | null;
  strategyId: string | null;
  sweepId: string | null;
  strategySpec: JsonObject;
  seed: number;
  limit: number | null;
  backend: string | null;
  device: string | null;
  error: string | null;
  tags: string[];
  notes: string | null;
  epochs: number;
  epochsCompleted: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  summary: RunSummary;
}

export interface Dataset {
  id: string;
  name: string;
  modality: 'IMAGE' | 'TEXT' | 'AUDIO';
  origin: 'BUILTIN' | 'IMPORTED';
  classNames: string[];
  inputShape: number[];
  size: number;
}

export interface QualityProfile {
  id: string;
  name: string;
  datasetId: string;
  spec: JsonObject;
  realisedNoiseRate: number | null;
  createdAt: string;
}

export interface SourceModel {
  id: string;
  name: string;
  architecture: string;
  blocks: string[];
  datasetId: string | null;
  status: 'PRETRAINING' | 'READY' | 'FAILED';
  inputShape: number[];
}

export interface Strategy {
  id: string;
  name: string;
  kind: string;
  spec: JsonObject;
}

export interface MetricSeries {
  runId: string;
  key: string;
  epochs: number[];
  values: number[];
  downsampled: boolean;
}

export interface EpochCompletedEvent {
  __typename: 'EpochCompleted';
  runId: string;
  epoch: number;
  metrics: Metrics;
}
export interface RunStatusChangedEvent {
  __typename: 'RunStatusChanged';
  runId: string;
  status: RunStatus;
  error: string | null;
  at: string;
}
export interface RunLogEvent {
  __typename: 'RunLog';
  runId: string;
  level: 'INFO' | 'WARN' | 'ERROR';
  message: string;
  at: string;
}
export type RunEvent = EpochCompletedEvent | RunStatusChangedEvent | RunLogEvent;
