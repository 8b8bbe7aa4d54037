import Link from 'next/link';
import type { Run } from '../../../shared/graphql/api-types';
import { ago, duration, percent, decimal, shortId } from '../../../shared/ui/format';
import { Empty } from '../../../shared/ui/states';
import { Progress, StatusBadge } from '../../../shared/ui/status-badge';
import type { Catalog } from '../../catalog/hooks/use-catalog';
import { toggleSort, type RunsView, type SortKey } from '../runs-view';

interface Props {
  runs: Run[];
  catalog: Catalog;
  loading: boolean;
  view: RunsView;
  onSort(view: RunsView): void;
  selected: string[];
  onToggle(id: string): void;
}

export function RunsTable({ runs, catalog, loading, view, onSort, selected, onToggle }: Props) {
  const sortHeader = (key: SortKey, label: string, className = '') => {
    const active = view.sort === key;
    return (
      <th
        className={`num sortable ${className}`}
        aria-sort={active ? (view.direction === 'DESC' ? 'descending' : 'ascending') : 'none'}
      >
        <button type="button" onClick={() => onSort(toggleSort(view, key))}>
          {label}
          <span className="sort-mark">{active ? (view.direction === 'DESC' ? '↓' : '↑') : ''}</span>
        </button>
      </th>
    );
  };
  if (!loading && runs.length === 0) {
    return (
      <Empty>
        No runs here yet. <Link href="/runs/new">Start one</Link>.
      </Empty>
    );
  }
  return (
    <div className="table-wrap table-card">
      <table className="table runs-table" data-testid="runs-table">
        <thead>
          <tr>
            <th className="select-col" aria-label="Select" />
            <th>Run</th>
            <th>Status</th>
            <th>Dataset</th>
            <th className="hide-sm">Profile</th>
            <th>Strategy</th>
            <th className="hide-sm">Source model</th>
            {sortHeader('val/accuracy', 'Val acc')}
            <th className="num hide-md">Best</th>
            {sortHeader('val/accuracy_clean', 'Clean acc')}
            {sortHeader('similarity/cka_mean', 'Mean CKA')}
            <th className="num hide-md">Duration</th>
            <th className="hide-sm">Tags</th>
            {sortHeader('queued', 'Queued', 'hide-sm')}
          </tr>
        </thead>
        <tbody>
          {loading && runs.length === 0
            ? Array.from({ length: 5 }, (_, i) => (
                <tr key={i} className="skeleton-row">
                  <td colSpan={14}>
                    <span className="skeleton" />
                  </td>
                </tr>
              ))
            : runs.map((run) => (
                <RunRow
                  key={run.id}
                  run={run}
                  catalog={catalog}
                  checked={selected.includes(run.id)}
                  onToggle={() => onToggle(run.id)}
                />
              ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow({
  run,
  catalog,
  checked,
  onToggle,
}: {
  run: Run;
  catalog: Catalog;
  checked: boolean;
  onToggle(): void;
}) {
  const kind = String(run.strategySpec.kind ?? (run.kind === 'PRETRAIN' ? 'pretrain' : '—'));
  const strategyName = catalog.strategy(run.strategyId)?.name;
  return (
    <tr className={checked ? 'row-selected' : undefined} data-run-id={run.id} data-status={run.status}>
      <td className="select-col">
        <input
          type="checkbox"
          checked={checked}
          onChange={onToggle}
          aria-label={`Select run ${shortId(run.id)}`}
        />
      </td>
      <td>
        <Link href={`/runs/${run.id}`} className="mono run-link">
          {shortId(run.id)}
        </Link>
        {run.kind === 'PRETRAIN' && !run.tags.includes('pretrain') && (
          <span className="tag tag-muted">pretrain</span>
        )}
      </td>
      <td>
        <div className="status-cell">
          <StatusBadge status={run.status} />
          {run.status === 'RUNNING' && <Progress done={run.epochsCompleted} total={run.epochs} />}
          <span className="muted small">
            {run.epochsCompleted}/{run.epochs}
          </span>
        </div>
      </td>
      <td>{catalog.dataset(run.datasetId)?.name ?? shortId(run.datasetId)}</td>
      <td className="hide-sm">
        {run.qualityProfileId ? (
          (catalog.profile(run.qualityProfileId)?.name ?? '…')
        ) : (
          <span className="muted">clean</span>
        )}
      </td>
      <td>
        <span className="tag">{kind}</span>
        {strategyName && <span className="muted small"> {strategyName}</span>}
      </td>
      <td className="hide-sm">
        {catalog.sourceModel(run.sourceModelId)?.name ?? (run.sourceModelId ? '…' : '—')}
      </td>
      <td className="num">{percent(run.summary.finalValAccuracy)}</td>
      <td className="num hide-md">{percent(run.summary.bestValAccuracy)}</td>
      <td className="num">{percent(run.summary.finalValAccuracyClean)}</td>
      <td className="num">{decimal(run.summary.finalCkaMean)}</td>
      <td className="num hide-md">{duration(run.summary.durationMs)}</td>
      <td className="hide-sm">
        {run.tags.map((tag) => (
          <span key={tag} className="tag tag-muted">
            {tag}
          </span>
        ))}
      </td>
      <td className="hide-sm muted small" title={run.queuedAt}>
        {ago(run.queuedAt)}
      </td>
    </tr>
  );
}
