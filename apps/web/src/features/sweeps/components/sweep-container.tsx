'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { Chart } from '../../../shared/charts/chart';
import { Card, Stat } from '../../../shared/ui/card';
import { dateTime, decimal, percent, shortId } from '../../../shared/ui/format';
import { ErrorState, Loading } from '../../../shared/ui/states';
import { Progress, StatusBadge } from '../../../shared/ui/status-badge';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import { MAX_RUNS, tradeoffOption } from '../../compare/compare-data';
import { useSweep } from '../hooks/use-sweep';

/** A sweep: its grid of runs, live, and the accuracy–CKA Pareto front the server computed. */
export function SweepContainer({ sweepId }: { sweepId: string }) {
  const { sweep, fetching, error, refetch } = useSweep(sweepId);
  const { catalog } = useCatalog();
  const option = useMemo(() => tradeoffOption(sweep?.runs ?? []), [sweep]);
  if (fetching) return <Loading label="Loading sweep…" />;
  if (error || !sweep) return <ErrorState error={error ?? 'Sweep not found.'} onRetry={refetch} />;
  const front = new Set(sweep.paretoFront.map((p) => p.runId));
  const best = [...sweep.paretoFront].sort((a, b) => b.accuracy - a.accuracy)[0];
  const compareIds = sweep.runs.slice(0, MAX_RUNS).map((run) => run.id);
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{sweep.name}</h1>
          <p className="muted">Sweep created {dateTime(sweep.createdAt)}</p>
        </div>
        <div className="actions">
          <span className="epoch-progress">
            <Progress done={sweep.finishedRuns} total={sweep.runs.length} />
            {sweep.finishedRuns} / {sweep.runs.length} runs finished
          </span>
          {compareIds.length >= 2 && (
            <Link className="button" href={`/compare?runs=${compareIds.join(',')}`}>
              Compare {compareIds.length === sweep.runs.length ? 'all' : `first ${compareIds.length}`}
            </Link>
          )}
        </div>
      </div>
      <div className="stats">
        <Stat label="Runs" value={sweep.runs.length} />
        <Stat label="On the Pareto front" value={sweep.paretoFront.length} />
        <Stat label="Best accuracy on the front" value={percent(best?.accuracy)} />
        <Stat label="Its mean CKA" value={decimal(best?.ckaMean)} />
      </div>
      <Card title="Accuracy vs similarity">
        <Chart option={option} height={320} label="Final accuracy against mean CKA with the Pareto front" />
      </Card>
      <div className="table-wrap table-card">
        <table className="table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Strategy</th>
              <th>Profile</th>
              <th className="num">Seed</th>
              <th className="num">Clean acc</th>
              <th className="num">Mean CKA</th>
              <th>Pareto</th>
            </tr>
          </thead>
          <tbody>
            {sweep.runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link href={`/runs/${run.id}`} className="mono run-link">
                    {shortId(run.id)}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>
                  <span className="tag">{String(run.strategySpec.kind ?? '—')}</span>
                  <span className="muted small">{catalog.strategy(run.strategyId)?.name}</span>
                </td>
                <td>
                  {run.qualityProfileId ? (catalog.profile(run.qualityProfileId)?.name ?? '…') : 'clean'}
                </td>
                <td className="num">{run.seed}</td>
                <td className="num">{percent(run.summary.finalValAccuracyClean)}</td>
                <td className="num">{decimal(run.summary.finalCkaMean)}</td>
                <td>{front.has(run.id) && <span className="tag tag-good">on front</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
