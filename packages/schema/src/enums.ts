import { registerEnumType } from 'type-graphql';

export enum Modality {
  IMAGE = 'IMAGE',
  TEXT = 'TEXT',
  AUDIO = 'AUDIO',
}
registerEnumType(Modality, { name: 'Modality', description: 'What kind of input a dataset holds.' });

export enum DatasetOrigin {
  BUILTIN = 'BUILTIN',
  IMPORTED = 'IMPORTED',
}
registerEnumType(DatasetOrigin, { name: 'DatasetOrigin' });

export enum RunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RunStatus, {
  name: 'RunStatus',
  description: 'QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED.',
});

export enum RunKind {
  FINETUNE = 'FINETUNE',
  PRETRAIN = 'PRETRAIN',
}
registerEnumType(RunKind, {
  name: 'RunKind',
  description: 'PRETRAIN trains a source model from scratch; FINETUNE adapts one to a target dataset.',
});

export enum SourceModelStatus {
  PRETRAINING = 'PRETRAINING',
  READY = 'READY',
  FAILED = 'FAILED',
}
registerEnumType(SourceModelStatus, { name: 'SourceModelStatus' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

export enum RunOrderField {
  QUEUED_AT = 'QUEUED_AT',
  FINISHED_AT = 'FINISHED_AT',
  /** Order by a summary metric (the run's last value of `metricKey`). */
  METRIC = 'METRIC',
}
registerEnumType(RunOrderField, { name: 'RunOrderField' });

export enum LogLevel {
  INFO = 'INFO',
  WARN = 'WARN',
  ERROR = 'ERROR',
}
registerEnumType(LogLevel, { name: 'LogLevel' });

export enum Role {
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'VIEWER reads and subscribes; EDITOR also starts, cancels and tags runs and edits profiles, strategies, sweeps and alert rules; ADMIN also manages projects and tokens and sees every project.',
});

export enum AlertRuleKind {
  STATUS = 'STATUS',
  THRESHOLD = 'THRESHOLD',
  DECLINE = 'DECLINE',
}
registerEnumType(AlertRuleKind, {
  name: 'AlertRuleKind',
  description:
    "STATUS: a run's status changes to one of `statuses`. THRESHOLD: `metric` `comparator` `value` holds at an epoch. DECLINE: `metric` is lower than the epoch before for `epochs` epochs in a row. Each fires at most once per run (STATUS: once per status).",
});

export enum AlertComparator {
  LT = 'LT',
  LTE = 'LTE',
  GT = 'GT',
  GTE = 'GTE',
}
registerEnumType(AlertComparator, { name: 'AlertComparator', description: '<, <=, >, >=' });

export enum AlertDeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(AlertDeliveryStatus, {
  name: 'AlertDeliveryStatus',
  description: 'PENDING: not yet posted (retried with back-off); SENT: Slack accepted it; FAILED: gave up.',
});
