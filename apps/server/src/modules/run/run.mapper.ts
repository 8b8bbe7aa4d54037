import { Run, RunKind, RunStatus, type RunSummary } from '@driftboard/schema';
import type { RunRecord, SummaryValue } from './run.repository.js';

/** The headline numbers of a run from its per-metric summary rows. */
export function toRunSummary(record: RunRecord, summary: Map<string, SummaryValue> | undefined): RunSummary {
  const last = (key: string) => summary?.get(key)?.last ?? null;
  const end = record.finishedAt ?? (record.status === 'RUNNING' ? new Date() : null);
  return {
    finalValAccuracy: last('val/accuracy'),
    bestValAccuracy: summary?.get('val/accuracy')?.max ?? null,
    finalValAccuracyClean: last('val/accuracy_clean'),
    finalCkaMean: last('similarity/cka_mean'),
    durationMs: record.startedAt && end ? end.getTime() - record.startedAt.getTime() : null,
  };
}

export function toRun(record: RunRecord, summary?: Map<string, SummaryValue>): Run {
  return {
    id: record.id,
    projectId: record.projectId,
    kind: record.kind as RunKind,
    status: record.status as RunStatus,
    sourceModelId: record.sourceModelId,
    datasetId: record.datasetId,
    qualityProfileId: record.qualityProfileId,
    strategyId: record.strategyId,
    strategySpec: record.strategySpec,
    seed: record.seed,
    limit: record.limitExamples,
    sweepId: record.sweepId,
    backend: record.backend,
    device: record.device,
    error: record.error,
    tags: record.tags,
    notes: record.notes,
    epochsCompleted: record.epochsCompleted,
    epochs: record.epochs,
    queuedAt: record.queuedAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    summary: toRunSummary(record, summary),
  };
}
