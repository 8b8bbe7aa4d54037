'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { Chart } from '../../../shared/charts/chart';
import { colorAt } from '../../../shared/charts/theme';
import { Card } from '../../../shared/ui/card';
import { decimal, percent, shortId } from '../../../shared/ui/format';
import { Empty, ErrorState, Loading } from '../../../shared/ui/states';
import { StatusBadge } from '../../../shared/ui/status-badge';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import {
  MAX_RUNS,
  MIN_RUNS,
  overlayOption,
  paretoFront,
  parseRunIds,
  tradeoffOption,
  tradeoffPoints,
} from '../compare-data';
import { useComparison } from '../hooks/use-comparison';
import { DifferencesTable } from './differences-table';

const METRICS = [
  'val/accuracy',
  'val/accuracy_clean',
  'val/loss',
  'train/loss',
  'train/accuracy',
  'similarity/cka_mean',
  'similarity/agreement',
];

/** Compare 2–20 runs: overlaid curves of one metric, the accuracy–CKA trade-off, what differs. */
export function CompareContainer() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const runIds = useMemo(() => parseRunIds(params.get('runs')), [params]);
  const metric = params.get('metric') || 'val/accuracy';
  const { catalog } = useCatalog();
  const data = useComparison(runIds, metric);

  const blockMetrics = useMemo(() => {
    const blocks = new Set(data.runs.flatMap((run) => catalog.sourceModel(run.sourceModelId)?.blocks ?? []));
    return [...blocks].flatMap((b) => [`similarity/cka/${b}`, `similarity/weight_drift/${b}`]);
  }, [data.runs, catalog]);
  const overlay = useMemo(
    () => overlayOption(data.runs, data.series, metric),
    [data.runs, data.series, metric],
  );
  const tradeoff = useMemo(() => tradeoffOption(data.runs), [data.runs]);
  const front = useMemo(
    () => new Set(paretoFront(tradeoffPoints(data.runs)).map((p) => p.runId)),
    [data.runs],
  );

  const setMetric = (value: string) => {
    const next = new URLSearchParams(params.toString());
    next.set('metric', value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  if (!data.enough)
    return (
      <div className="page">
        <h1>Compare</h1>
        <Empty>
          Select {MIN_RUNS} to {MAX_RUNS} runs on the <Link href="/runs">runs page</Link> and press Compare.
        </Empty>
      </div>
    );
  if (data.fetching) return <Loading label="Loading runs…" />;
  if (data.error && !data.runs.length) return <ErrorState error={data.error} onRetry={data.refetch} />;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Compare {data.runs.length} runs</h1>
          <p className="muted">
            Which strategy buys the most accuracy for the least drift from the source model?
          </p>
        </div>
      </div>
      <div className="legend-table table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Strategy</th>
              <th className="hide-sm">Profile</th>
              <th className="num">Val acc</th>
              <th className="num">Clean acc</th>
              <th className="num">Mean CKA</th>
              <th>Pareto</th>
            </tr>
          </thead>
          <tbody>
            {data.runs.map((run, i) => (
              <tr key={run.id}>
                <td>
                  <span className="swatch" style={{ background: colorAt(i) }} />
                  <Link href={`/runs/${run.id}`} className="mono run-link">
                    {shortId(run.id)}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>
                  <span className="tag">{String(run.strategySpec.kind ?? '—')}</span>
                </td>
                <td className="hide-sm">
                  {run.qualityProfileId ? (catalog.profile(run.qualityProfileId)?.name ?? '…') : 'clean'}
                </td>
                <td className="num">{percent(run.summary.finalValAccuracy)}</td>
                <td className="num">{percent(run.summary.finalValAccuracyClean)}</td>
                <td className="num">{decimal(run.summary.finalCkaMean)}</td>
                <td>{front.has(run.id) ? <span className="tag tag-good">on front</span> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid-2">
        <Card
          title="Curves"
          actions={
            <select value={metric} onChange={(e) => setMetric(e.target.value)} aria-label="Metric">
              {[...METRICS, ...blockMetrics].map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          }
        >
          {data.seriesFetching ? (
            <Loading />
          ) : (
            <Chart option={overlay} height={300} label={`${metric} of each run per epoch`} />
          )}
        </Card>
        <Card title="Accuracy vs similarity">
          {tradeoffPoints(data.runs).length === 0 ? (
            <Empty>No finished run has both a final accuracy and a mean CKA yet.</Empty>
          ) : (
            <Chart
              option={tradeoff}
              height={300}
              label="Final accuracy against mean CKA with the Pareto front"
            />
          )}
        </Card>
      </div>
      <Card title="What differs">
        <DifferencesTable catalog={catalog} runs={data.runs} differences={data.differences} />
      </Card>
    </div>
  );
}
