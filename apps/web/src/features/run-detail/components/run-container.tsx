'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Card, Stat } from '../../../shared/ui/card';
import { duration, percent, decimal, shortId } from '../../../shared/ui/format';
import { ErrorState, Loading, errorMessage } from '../../../shared/ui/states';
import { Progress, StatusBadge } from '../../../shared/ui/status-badge';
import { useRunLive } from '../hooks/use-run-live';
import { RunCharts } from './run-charts';
import { RunLog } from './run-log';
import { RunSpec } from './run-spec';
import { RunTagsEditor } from './run-tags-editor';

/** The run page: header with live status and Cancel, charts growing per epoch, spec and log. */
export function RunContainer({ runId }: { runId: string }) {
  const live = useRunLive(runId);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const { run, status } = live;
  if (live.fetching) return <Loading label="Loading run…" />;
  if (live.error || !run || !status)
    return <ErrorState error={live.error ?? 'Run not found.'} onRetry={live.reload} />;

  const lastEpoch = live.live.epochs.at(-1)?.epoch ?? 0;
  const epochsDone = Math.max(run.epochsCompleted, lastEpoch);
  const last = live.live.epochs.at(-1)?.metrics ?? {};
  const num = (key: string) => (typeof last[key] === 'number' ? (last[key] as number) : null);
  const cancel = async () => {
    setCancelError(null);
    const error = await live.cancel();
    if (error) setCancelError(errorMessage(error));
  };

  return (
    <div className="page">
      <nav className="breadcrumbs">
        <Link href="/runs">Runs</Link> / <span className="mono">{shortId(run.id)}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 className="run-title">
            <span className="mono">{shortId(run.id)}</span>
            <StatusBadge status={status} />
          </h1>
          <p className="muted">
            {String(run.strategySpec.kind ?? run.kind.toLowerCase())} on{' '}
            {live.catalog.dataset(run.datasetId)?.name ?? 'dataset'}
            {run.qualityProfileId && ` · ${live.catalog.profile(run.qualityProfileId)?.name ?? 'profile'}`}
            {live.sourceModel && ` · from ${live.sourceModel.name}`}
            {run.sweepId && (
              <>
                {' · '}
                <Link href={`/sweeps/${run.sweepId}`}>part of a sweep</Link>
              </>
            )}
          </p>
        </div>
        <div className="actions">
          <span className="epoch-progress" data-testid="epoch-progress">
            <Progress done={epochsDone} total={run.epochs} />
            epoch {epochsDone} / {run.epochs}
          </span>
          {live.canCancel && (
            <button
              type="button"
              className="button button-danger"
              onClick={cancel}
              disabled={live.cancelling}
            >
              {live.cancelling ? 'Cancelling…' : 'Cancel run'}
            </button>
          )}
          <Link className="button" href={`/runs/new?from=${run.id}`}>
            Run again
          </Link>
        </div>
      </div>
      {cancelError && (
        <div className="state state-error" role="alert" data-testid="cancel-error">
          {cancelError}
        </div>
      )}
      <RunTagsEditor key={`${run.tags.join(',')}|${run.notes ?? ''}`} run={run} onSaved={live.reload} />
      {(live.live.error ?? run.error) && (
        <div className="state state-error" role="alert">
          <strong>Run failed.</strong> {live.live.error ?? run.error}
        </div>
      )}
      <div className="stats">
        <Stat label="Val accuracy" value={percent(num('val/accuracy') ?? run.summary.finalValAccuracy)} />
        <Stat label="Best val accuracy" value={percent(run.summary.bestValAccuracy)} />
        <Stat
          label="Clean accuracy"
          value={percent(num('val/accuracy_clean') ?? run.summary.finalValAccuracyClean)}
          hint="Against the true labels"
        />
        <Stat label="Mean CKA" value={decimal(num('similarity/cka_mean') ?? run.summary.finalCkaMean)} />
        <Stat
          label="Agreement"
          value={percent(num('similarity/agreement'))}
          hint="Top-1 agreement with the source model"
        />
        <Stat label="Duration" value={duration(run.summary.durationMs)} />
      </div>
      <RunCharts
        rows={live.live.epochs}
        blockOrder={live.sourceModel?.blocks ?? []}
        loading={live.seriesLoading}
        error={live.seriesError}
      />
      <div className="grid-2">
        <Card title="Spec">
          <RunSpec run={run} catalog={live.catalog} />
        </Card>
        <Card title="Log">
          <RunLog lines={live.live.logs} status={status} />
        </Card>
      </div>
    </div>
  );
}
