// Generated from packages/schema/schema.graphql by packages/schema/src/codegen: do not edit.
// Regenerate with `npm run codegen -w @driftboard/schema`.

/** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
export type DateTime = string;

/** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
export type JSONObject = Record<string, unknown>;

/** <, <=, >, >= */
export const AlertComparator = {
  GT: 'GT',
  GTE: 'GTE',
  LT: 'LT',
  LTE: 'LTE',
} as const;
/** <, <=, >, >= */
export type AlertComparator = 'GT' | 'GTE' | 'LT' | 'LTE';

/** PENDING: not yet posted (retried with back-off); SENT: Slack accepted it; FAILED: gave up. */
export const AlertDeliveryStatus = {
  FAILED: 'FAILED',
  PENDING: 'PENDING',
  SENT: 'SENT',
} as const;
/** PENDING: not yet posted (retried with back-off); SENT: Slack accepted it; FAILED: gave up. */
export type AlertDeliveryStatus = 'FAILED' | 'PENDING' | 'SENT';

/** STATUS: a run's status changes to one of `statuses`. THRESHOLD: `metric` `comparator` `value` holds at an epoch. DECLINE: `metric` is lower than the epoch before for `epochs` epochs in a row. Each fires at most once per run (STATUS: once per status). */
export const AlertRuleKind = {
  DECLINE: 'DECLINE',
  STATUS: 'STATUS',
  THRESHOLD: 'THRESHOLD',
} as const;
/** STATUS: a run's status changes to one of `statuses`. THRESHOLD: `metric` `comparator` `value` holds at an epoch. DECLINE: `metric` is lower than the epoch before for `epochs` epochs in a row. Each fires at most once per run (STATUS: once per status). */
export type AlertRuleKind = 'DECLINE' | 'STATUS' | 'THRESHOLD';

export const DatasetOrigin = {
  BUILTIN: 'BUILTIN',
  IMPORTED: 'IMPORTED',
} as const;
export type DatasetOrigin = 'BUILTIN' | 'IMPORTED';

export const LogLevel = {
  ERROR: 'ERROR',
  INFO: 'INFO',
  WARN: 'WARN',
} as const;
export type LogLevel = 'ERROR' | 'INFO' | 'WARN';

/** What kind of input a dataset holds. */
export const Modality = {
  AUDIO: 'AUDIO',
  IMAGE: 'IMAGE',
  TEXT: 'TEXT',
} as const;
/** What kind of input a dataset holds. */
export type Modality = 'AUDIO' | 'IMAGE' | 'TEXT';

/** VIEWER reads and subscribes; EDITOR also starts, cancels and tags runs and edits profiles, strategies, sweeps and alert rules; ADMIN also manages projects and tokens and sees every project. */
export const Role = {
  ADMIN: 'ADMIN',
  EDITOR: 'EDITOR',
  VIEWER: 'VIEWER',
} as const;
/** VIEWER reads and subscribes; EDITOR also starts, cancels and tags runs and edits profiles, strategies, sweeps and alert rules; ADMIN also manages projects and tokens and sees every project. */
export type Role = 'ADMIN' | 'EDITOR' | 'VIEWER';

/** PRETRAIN trains a source model from scratch; FINETUNE adapts one to a target dataset. */
export const RunKind = {
  FINETUNE: 'FINETUNE',
  PRETRAIN: 'PRETRAIN',
} as const;
/** PRETRAIN trains a source model from scratch; FINETUNE adapts one to a target dataset. */
export type RunKind = 'FINETUNE' | 'PRETRAIN';

export const RunOrderField = {
  FINISHED_AT: 'FINISHED_AT',
  METRIC: 'METRIC',
  QUEUED_AT: 'QUEUED_AT',
} as const;
export type RunOrderField = 'FINISHED_AT' | 'METRIC' | 'QUEUED_AT';

/** QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
export const RunStatus = {
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
} as const;
/** QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
export type RunStatus = 'CANCELLED' | 'FAILED' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED';

export const SortDirection = {
  ASC: 'ASC',
  DESC: 'DESC',
} as const;
export type SortDirection = 'ASC' | 'DESC';

export const SourceModelStatus = {
  FAILED: 'FAILED',
  PRETRAINING: 'PRETRAINING',
  READY: 'READY',
} as const;
export type SourceModelStatus = 'FAILED' | 'PRETRAINING' | 'READY';

/** One Slack message of a rule: for a run (at most one per rule, run and trigger) or a test. */
export interface AlertDelivery {
  __typename?: 'AlertDelivery';
  /** Posts tried so far. */
  attempts: number;
  createdAt: DateTime;
  id: string;
  /** Why the latest failed attempt failed (kept when a retry then succeeded). */
  lastError?: string | null;
  /** PENDING: when the next attempt is due. */
  nextAttemptAt?: DateTime | null;
  ruleId: string;
  /** Null for test messages. */
  runId?: string | null;
  sentAt?: DateTime | null;
  status: AlertDeliveryStatus;
  /** The message's plain text. */
  text: string;
  /** What fired: `status:<STATUS>`, `threshold`, `decline` or `test:…`. */
  trigger: string;
}

/** Posts a Slack message when runs of its project meet a condition. */
export interface AlertRule {
  __typename?: 'AlertRule';
  comparator?: AlertComparator | null;
  /** The condition in words, e.g. "similarity/cka_mean < 0.8". */
  condition: string;
  createdAt: DateTime;
  enabled: boolean;
  /** DECLINE rules: how many falling epochs in a row fire. */
  epochs?: number | null;
  id: string;
  kind: AlertRuleKind;
  /** THRESHOLD and DECLINE rules: the metric watched. */
  metric?: string | null;
  name: string;
  projectId: string;
  /** STATUS rules: the statuses that fire. */
  statuses?: RunStatus[] | null;
  value?: number | null;
  /** The Slack webhook, masked: the full URL is a secret and is never returned. */
  webhookUrl: string;
}

/** An API token. Its secret is shown once, when it is created, and stored only as a hash. */
export interface ApiToken {
  __typename?: 'ApiToken';
  createdAt: DateTime;
  id: string;
  lastUsedAt?: DateTime | null;
  name: string;
  /** The first characters of the secret, to tell tokens apart. */
  prefix: string;
  /** The projects it may see; every project for ADMIN. */
  projects: Project[];
  revokedAt?: DateTime | null;
  role: Role;
}

export interface CreatedApiToken {
  __typename?: 'CreatedApiToken';
  /** Send as `Authorization: Bearer <secret>`. Shown only now: the server keeps a hash. */
  secret: string;
  token: ApiToken;
}

/** A dataset runs can train on: built in (mnist, …) or imported. */
export interface Dataset {
  __typename?: 'Dataset';
  classNames: string[];
  createdAt: DateTime;
  id: string;
  /** Shape of one example, e.g. [28, 28, 1]. */
  inputShape: number[];
  modality: Modality;
  /** Unique; what the trainer and the CLI call it. */
  name: string;
  origin: DatasetOrigin;
  /** Null for built-in datasets, which every project sees. */
  projectId?: string | null;
  /** Number of examples. */
  size: number;
  /** TEXT only: the vocabulary size token ids index into. */
  vocabularySize?: number | null;
}

/** A run finished an epoch; `metrics` uses the stable metric names. */
export interface EpochCompleted {
  __typename: 'EpochCompleted';
  epoch: number;
  metrics: JSONObject;
  runId: string;
}

/** One epoch's metrics, keyed by the stable names (train/loss, similarity/cka/conv1, …). */
export interface EpochMetrics {
  __typename?: 'EpochMetrics';
  epoch: number;
  metrics: JSONObject;
}

export interface MetricPoint {
  __typename?: 'MetricPoint';
  epoch: number;
  value: number;
}

/** One metric of one run, downsampled to at most maxPoints (each bucket keeps its min and max). */
export interface MetricSeries {
  __typename?: 'MetricSeries';
  downsampled: boolean;
  /** The same points as two parallel columns (epochs, values): much cheaper for many points. */
  epochs: number[];
  key: string;
  /** The points in epoch order. */
  points: MetricPoint[];
  runId: string;
  /** Points stored before downsampling. */
  totalPoints: number;
  /** The value at each of `epochs`. */
  values: number[];
}

export interface Mutation {
  __typename?: 'Mutation';
  /** Cancels a queued run at once, or asks its worker to stop a running one at the next batch. */
  cancelRun: Run;
  /** Creates an alert rule; it applies to events from now on. */
  createAlertRule: AlertRule;
  /** Creates a token; its secret is in the answer and nowhere else. */
  createApiToken: CreatedApiToken;
  createProject: Project;
  createQualityProfile: QualityProfile;
  /** Saves a named strategy; {"kind":"full"} alone is complete. */
  createStrategy: Strategy;
  /** Deletes an alert rule and its delivery history. */
  deleteAlertRule: AlertRule;
  /** Deletes an imported dataset and everything trained on it. */
  deleteDataset: Dataset;
  deleteQualityProfile: QualityProfile;
  deleteSourceModel: SourceModel;
  /** Deletes a strategy; runs keep the spec they ran with. */
  deleteStrategy: Strategy;
  /** Imports a TensorFlow.js LayersModel as a READY source model. */
  importSourceModel: SourceModel;
  /** Trains a new source model from scratch as a PRETRAIN run. */
  pretrainSourceModel: PretrainResult;
  /** Revokes a token at once on this server, within 10 s on others. */
  revokeApiToken: ApiToken;
  /** Queues a fine-tuning run; a worker picks it up. */
  startRun: Run;
  /** Queues a run for every strategy × quality profile (or the clean dataset) × seed: all of them, or none when any is invalid. */
  startSweep: Sweep;
  /** Replaces a run's tags (and notes, when given). */
  tagRun: Run;
  /** Posts a test message to the rule’s webhook now; a failed post is retried like any alert. */
  testAlertRule: AlertDelivery;
  /** Changes an alert rule (enable or disable it with `enabled`). */
  updateAlertRule: AlertRule;
}

export interface PageInfo {
  __typename?: 'PageInfo';
  endCursor?: string | null;
  hasNextPage: boolean;
}

/** A run on the accuracy–similarity Pareto front. */
export interface ParetoPoint {
  __typename?: 'ParetoPoint';
  /** Final target accuracy (val/accuracy_clean). */
  accuracy: number;
  /** Final similarity/cka_mean. */
  ckaMean: number;
  runId: string;
}

/** A source model being pretrained, and the run that trains it. */
export interface PretrainResult {
  __typename?: 'PretrainResult';
  run: Run;
  sourceModel: SourceModel;
}

/** Runs, sweeps, imported datasets and quality profiles belong to a project; a token sees only its own. */
export interface Project {
  __typename?: 'Project';
  createdAt: DateTime;
  id: string;
  name: string;
}

/** A reproducible degradation of a dataset (label noise, corruption, size, imbalance) from a seed. */
export interface QualityProfile {
  __typename?: 'QualityProfile';
  createdAt: DateTime;
  datasetId: string;
  id: string;
  name: string;
  projectId: string;
  /** The label-noise rate actually realised, once measured. */
  realisedNoiseRate?: number | null;
  /** The degradation, e.g. {"labelNoise":{"rate":0.4,"kind":"symmetric"},"seed":1}. */
  spec: JSONObject;
}

export interface Query {
  __typename?: 'Query';
  /** Messages of alert rules, newest first. */
  alertDeliveries: AlertDelivery[];
  /** Alert rules of this token's projects, or of one of them. */
  alertRules: AlertRule[];
  /** Every token, revoked ones too (admins only). */
  apiTokens: ApiToken[];
  /** 2 to 20 runs side by side, with the run and strategy fields whose values differ. */
  compareRuns: RunComparison;
  dataset: Dataset;
  /** Every dataset, built in and imported. */
  datasets: Dataset[];
  /** Metric series of up to 100 runs × 50 keys, one per (run, key) pair (runs outer, keys inner, in the order given; a pair without points has none). A series longer than maxPoints (2–10000) keeps the lowest and highest point of each of ⌊maxPoints/2⌋ equal epoch spans. */
  metricSeries: MetricSeries[];
  /** The projects this token sees. */
  projects: Project[];
  qualityProfile: QualityProfile;
  qualityProfiles: QualityProfile[];
  /** The strategy `auto` would pick for a quality profile (from its declared label noise and sample size), and why. */
  recommendStrategy: StrategyRecommendation;
  run: Run;
  /** Runs, filtered and ordered (newest first by default), a page at a time: pass pageInfo.endCursor as `after` for the next page. */
  runs: RunConnection;
  sourceModel: SourceModel;
  sourceModels: SourceModel[];
  strategies: Strategy[];
  strategy: Strategy;
  sweep: Sweep;
  /** Who this request is: role, token name and visible projects. */
  viewer: Viewer;
}

/** Source model × dataset × quality profile × strategy × seed. */
export interface Run {
  __typename?: 'Run';
  /** The tfjs backend used (system/backend). */
  backend?: string | null;
  datasetId: string;
  /** The worker that ran it. */
  device?: string | null;
  epochs: number;
  epochsCompleted: number;
  error?: string | null;
  finishedAt?: DateTime | null;
  /** Every stored epoch with all its metrics. */
  history: EpochMetrics[];
  id: string;
  kind: RunKind;
  /** At most this many training examples. */
  limit?: number | null;
  notes?: string | null;
  projectId: string;
  qualityProfileId?: string | null;
  queuedAt: DateTime;
  seed: number;
  sourceModelId?: string | null;
  startedAt?: DateTime | null;
  status: RunStatus;
  strategyId?: string | null;
  /** The strategy as run, every default filled in. */
  strategySpec: JSONObject;
  summary: RunSummary;
  sweepId?: string | null;
  tags: string[];
}

/** Runs side by side: specs that differ and final metrics. */
export interface RunComparison {
  __typename?: 'RunComparison';
  differences: SpecDifference[];
  runs: Run[];
}

/** A page of runs (Relay connection). */
export interface RunConnection {
  __typename?: 'RunConnection';
  edges: RunEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface RunEdge {
  __typename?: 'RunEdge';
  cursor: string;
  node: Run;
}

export interface RunLog {
  __typename: 'RunLog';
  at: DateTime;
  level: LogLevel;
  message: string;
  runId: string;
}

export interface RunStatusChanged {
  __typename: 'RunStatusChanged';
  at: DateTime;
  error?: string | null;
  runId: string;
  status: RunStatus;
}

/** A run's headline numbers, from its last epoch (best where named). */
export interface RunSummary {
  __typename?: 'RunSummary';
  bestValAccuracy?: number | null;
  durationMs?: number | null;
  finalCkaMean?: number | null;
  finalValAccuracy?: number | null;
  /** Accuracy against the true labels. */
  finalValAccuracyClean?: number | null;
}

/** A pretrained model that runs fine-tune: pretrained here or imported. */
export interface SourceModel {
  __typename?: 'SourceModel';
  /** cnn, cnn-ref, text, lstm, or imported. */
  architecture: string;
  /** Named blocks, input to output; the last is the head. */
  blocks: string[];
  classNames: string[];
  createdAt: DateTime;
  /** The dataset it was trained on, when known. */
  datasetId?: string | null;
  id: string;
  inputShape: number[];
  name: string;
  /** The PRETRAIN run that produces it. */
  pretrainRunId?: string | null;
  status: SourceModelStatus;
}

/** A strategy or run field whose value differs between the compared runs. */
export interface SpecDifference {
  __typename?: 'SpecDifference';
  field: string;
  /** The value per run, as JSON text, in the order of `runs`. */
  values: string[];
}

/** A named fine-tuning strategy: which blocks train, optimizer, regularisation, loss. */
export interface Strategy {
  __typename?: 'Strategy';
  createdAt: DateTime;
  id: string;
  /** full, last-k, surgical, linear-probe, lp-ft, gradual-unfreeze or auto. */
  kind: string;
  name: string;
  /** The complete strategy, every default filled in. */
  spec: JSONObject;
}

/** What the `auto` rule would choose for a quality profile, and why. */
export interface StrategyRecommendation {
  __typename?: 'StrategyRecommendation';
  /** Training examples per class the advice is based on, when the profile caps the sample size. */
  examplesPerClass?: number | null;
  kind: string;
  /** The label-noise rate the advice is based on. */
  labelNoiseRate?: number | null;
  reason: string;
  /** The strategy `auto` would run, every default filled in. */
  spec: JSONObject;
}

export interface Subscription {
  __typename?: 'Subscription';
  /** One run's epochs, status changes and log lines, live. */
  runEvents: RunEvent;
  /** Events of every run (or of the given runs, or status changes to the given statuses). */
  runsChanged: RunEvent;
}

/** A grid of runs: strategies × quality profiles × seeds. */
export interface Sweep {
  __typename?: 'Sweep';
  createdAt: DateTime;
  finishedRuns: number;
  id: string;
  name: string;
  /** Runs no other run beats on both accuracy and mean CKA. */
  paretoFront: ParetoPoint[];
  projectId: string;
  runs: Run[];
}

/** Who is asking: the token of this request, or the open local mode. */
export interface Viewer {
  __typename?: 'Viewer';
  /** False when the server runs without tokens (loopback only). */
  authEnabled: boolean;
  /** The projects this viewer sees. */
  projects: Project[];
  role: Role;
  /** The token's name; null without auth. */
  tokenName?: string | null;
}

/**
 * What subscriptions push: epochs, status changes and log lines.
 * Discriminated on `__typename`.
 */
export type RunEvent = EpochCompleted | RunLog | RunStatusChanged;

/** An alert rule. STATUS rules take `statuses`; THRESHOLD rules `metric`, `comparator` and `value`; DECLINE rules `metric` and `epochs`. */
export interface CreateAlertRuleInput {
  /** THRESHOLD: how the metric compares to value. */
  comparator?: AlertComparator | null;
  enabled?: boolean;
  /** DECLINE: falling epochs in a row that fire (2 or more). */
  epochs?: number | null;
  kind: AlertRuleKind;
  /** THRESHOLD, DECLINE: a metric key, e.g. val/accuracy. */
  metric?: string | null;
  name: string;
  /** The project whose runs it watches; by default the token's only project, or `default`. */
  projectId?: string | null;
  /** STATUS: fire when a run reaches one of these. */
  statuses?: RunStatus[] | null;
  /** THRESHOLD: the threshold. */
  value?: number | null;
  /** A Slack incoming webhook, https://hooks.slack.com/services/…; kept secret (shown masked). */
  webhookUrl: string;
}

export interface CreateApiTokenInput {
  /** Who or what uses it, e.g. "notebooks" or "slack-bot". */
  name: string;
  /** The projects it may see (required unless role is ADMIN, which sees every project). */
  projectIds?: string[] | null;
  role: Role;
}

export interface CreateProjectInput {
  name: string;
}

export interface CreateQualityProfileInput {
  datasetId: string;
  name: string;
  /** The project it belongs to; by default the token's only project, or `default`. */
  projectId?: string | null;
  spec: JSONObject;
}

export interface CreateStrategyInput {
  name: string;
  /** A strategy; {"kind":"full"} alone is complete. */
  spec: JSONObject;
}

/** A TensorFlow.js LayersModel: model.json and its weights, base64-encoded. */
export interface ImportSourceModelInput {
  /** The parsed model.json. */
  modelJson: JSONObject;
  name: string;
  /** The weights file(s) concatenated in manifest order, base64. */
  weightsBase64: string;
}

/** Keep runs whose last value of `key` lies in [min, max]. */
export interface MetricThreshold {
  key: string;
  max?: number | null;
  min?: number | null;
}

export interface PretrainSourceModelInput {
  /** cnn, cnn-ref, text or lstm. */
  architecture: string;
  datasetId: string;
  epochs?: number;
  limit?: number | null;
  name: string;
  /** The project it belongs to; by default the token's only project, or `default`. */
  projectId?: string | null;
  seed?: number;
}

export interface RunFilter {
  datasetId?: string | null;
  metrics?: MetricThreshold[] | null;
  /** Runs of this project only. */
  projectId?: string | null;
  qualityProfileId?: string | null;
  status?: RunStatus[] | null;
  strategyId?: string | null;
  /** Strategy kind, e.g. last-k. */
  strategyKind?: string | null;
  sweepId?: string | null;
  /** Runs carrying every one of these tags. */
  tags?: string[] | null;
}

export interface RunOrder {
  direction?: SortDirection;
  field: RunOrderField;
  /** For field METRIC: which metric, e.g. val/accuracy. */
  metricKey?: string | null;
}

export interface StartRunInput {
  datasetId: string;
  /** At most this many training examples. */
  limit?: number | null;
  /** The project it belongs to; by default the token's only project, or `default`. */
  projectId?: string | null;
  qualityProfileId?: string | null;
  seed?: number;
  sourceModelId: string;
  /** An inline strategy, e.g. {"kind":"last-k","k":1}. */
  strategy?: JSONObject | null;
  /** A saved strategy; or give `strategy` inline. */
  strategyId?: string | null;
  tags?: string[];
}

export interface StartSweepInput {
  datasetId: string;
  limit?: number | null;
  name: string;
  /** The project it belongs to; by default the token's only project, or `default`. */
  projectId?: string | null;
  /** Quality profiles; none means the clean dataset. */
  qualityProfileIds?: string[];
  seeds?: number[];
  sourceModelId: string;
  strategyIds: string[];
}

/** Changes to an alert rule; fields left out keep their value. STATUS rules take `statuses`; THRESHOLD rules `metric`, `comparator` and `value`; DECLINE rules `metric` and `epochs`. */
export interface UpdateAlertRuleInput {
  comparator?: AlertComparator | null;
  enabled?: boolean | null;
  epochs?: number | null;
  kind?: AlertRuleKind | null;
  metric?: string | null;
  name?: string | null;
  statuses?: RunStatus[] | null;
  value?: number | null;
  webhookUrl?: string | null;
}

/** Arguments of `Query.alertDeliveries`. */
export interface QueryAlertDeliveriesArgs {
  first?: number;
  ruleId?: string | null;
  runId?: string | null;
}

/** Arguments of `Query.alertRules`. */
export interface QueryAlertRulesArgs {
  projectId?: string | null;
}

/** Arguments of `Query.compareRuns`. */
export interface QueryCompareRunsArgs {
  runIds: string[];
}

/** Arguments of `Query.dataset`. */
export interface QueryDatasetArgs {
  id: string;
}

/** Arguments of `Query.metricSeries`. */
export interface QueryMetricSeriesArgs {
  keys: string[];
  maxPoints?: number | null;
  runIds: string[];
}

/** Arguments of `Query.qualityProfile`. */
export interface QueryQualityProfileArgs {
  id: string;
}

/** Arguments of `Query.qualityProfiles`. */
export interface QueryQualityProfilesArgs {
  datasetId?: string | null;
}

/** Arguments of `Query.recommendStrategy`. */
export interface QueryRecommendStrategyArgs {
  profileId: string;
}

/** Arguments of `Query.run`. */
export interface QueryRunArgs {
  id: string;
}

/** Arguments of `Query.runs`. */
export interface QueryRunsArgs {
  after?: string | null;
  filter?: RunFilter | null;
  /** At most 500. */
  first?: number | null;
  orderBy?: RunOrder | null;
}

/** Arguments of `Query.sourceModel`. */
export interface QuerySourceModelArgs {
  id: string;
}

/** Arguments of `Query.strategy`. */
export interface QueryStrategyArgs {
  id: string;
}

/** Arguments of `Query.sweep`. */
export interface QuerySweepArgs {
  id: string;
}

/** Arguments of `Mutation.cancelRun`. */
export interface MutationCancelRunArgs {
  id: string;
}

/** Arguments of `Mutation.createAlertRule`. */
export interface MutationCreateAlertRuleArgs {
  input: CreateAlertRuleInput;
}

/** Arguments of `Mutation.createApiToken`. */
export interface MutationCreateApiTokenArgs {
  input: CreateApiTokenInput;
}

/** Arguments of `Mutation.createProject`. */
export interface MutationCreateProjectArgs {
  input: CreateProjectInput;
}

/** Arguments of `Mutation.createQualityProfile`. */
export interface MutationCreateQualityProfileArgs {
  input: CreateQualityProfileInput;
}

/** Arguments of `Mutation.createStrategy`. */
export interface MutationCreateStrategyArgs {
  input: CreateStrategyInput;
}

/** Arguments of `Mutation.deleteAlertRule`. */
export interface MutationDeleteAlertRuleArgs {
  id: string;
}

/** Arguments of `Mutation.deleteDataset`. */
export interface MutationDeleteDatasetArgs {
  id: string;
}

/** Arguments of `Mutation.deleteQualityProfile`. */
export interface MutationDeleteQualityProfileArgs {
  id: string;
}

/** Arguments of `Mutation.deleteSourceModel`. */
export interface MutationDeleteSourceModelArgs {
  id: string;
}

/** Arguments of `Mutation.deleteStrategy`. */
export interface MutationDeleteStrategyArgs {
  id: string;
}

/** Arguments of `Mutation.importSourceModel`. */
export interface MutationImportSourceModelArgs {
  input: ImportSourceModelInput;
}

/** Arguments of `Mutation.pretrainSourceModel`. */
export interface MutationPretrainSourceModelArgs {
  input: PretrainSourceModelInput;
}

/** Arguments of `Mutation.revokeApiToken`. */
export interface MutationRevokeApiTokenArgs {
  id: string;
}

/** Arguments of `Mutation.startRun`. */
export interface MutationStartRunArgs {
  input: StartRunInput;
}

/** Arguments of `Mutation.startSweep`. */
export interface MutationStartSweepArgs {
  input: StartSweepInput;
}

/** Arguments of `Mutation.tagRun`. */
export interface MutationTagRunArgs {
  id: string;
  notes?: string | null;
  tags: string[];
}

/** Arguments of `Mutation.testAlertRule`. */
export interface MutationTestAlertRuleArgs {
  id: string;
}

/** Arguments of `Mutation.updateAlertRule`. */
export interface MutationUpdateAlertRuleArgs {
  id: string;
  input: UpdateAlertRuleInput;
}

/** Arguments of `Subscription.runEvents`. */
export interface SubscriptionRunEventsArgs {
  runId: string;
}

/** Arguments of `Subscription.runsChanged`. */
export interface SubscriptionRunsChangedArgs {
  runIds?: string[] | null;
  statuses?: RunStatus[] | null;
}
