'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../../shared/ui/states';
import { useViewer } from '../../auth/hooks/use-viewer';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import { useLiveRuns } from '../hooks/use-live-runs';
import { nextPage, parseRunsView, previousPage, runsViewToSearch, type RunsView } from '../runs-view';
import { RunsTable } from './runs-table';
import { RunsToolbar } from './runs-toolbar';

const MAX_COMPARE = 20;

/** The runs page: the view in the URL, a live page of runs, selection for Compare. */
export function RunsContainer() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo(() => parseRunsView(new URLSearchParams(params.toString())), [params]);
  const { runs, totalCount, pageInfo, fetching, error, refetch } = useLiveRuns(view);
  const { catalog } = useCatalog();
  const { projects } = useViewer();
  const [selected, setSelected] = useState<string[]>([]);

  const show = (next: RunsView) => router.replace(`${pathname}${runsViewToSearch(next)}`, { scroll: false });
  const toggle = (id: string) =>
    setSelected((current) =>
      current.includes(id) ? current.filter((x) => x !== id) : [...current, id].slice(-MAX_COMPARE),
    );
  const compareHref = `/compare?runs=${selected.join(',')}`;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="muted">
            {fetching
              ? 'Loading…'
              : `${totalCount} runs${view.statuses.length || view.projectId ? ' matching' : ''}`}
          </p>
        </div>
        <div className="actions">
          {selected.length >= 2 ? (
            <Link className="button" href={compareHref} data-testid="compare-selected">
              Compare {selected.length}
            </Link>
          ) : (
            <span className="button button-disabled" title="Select 2 to 20 runs">
              Compare
            </span>
          )}
          <Link
            className="button button-primary"
            href={view.projectId ? `/runs/new?project=${encodeURIComponent(view.projectId)}` : '/runs/new'}
          >
            New run
          </Link>
        </div>
      </div>
      <RunsToolbar view={view} projects={projects} onChange={show} />
      {error && !runs.length ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : (
        <RunsTable
          runs={runs}
          catalog={catalog}
          loading={fetching}
          view={view}
          onSort={show}
          selected={selected}
          onToggle={toggle}
        />
      )}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="button"
          disabled={!view.after && view.back.length === 0}
          onClick={() => show(previousPage(view))}
        >
          ← Previous
        </button>
        <span className="muted">Page {view.back.length + 1}</span>
        <button
          type="button"
          className="button"
          disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
          onClick={() => pageInfo?.endCursor && show(nextPage(view, pageInfo.endCursor))}
        >
          Next →
        </button>
      </nav>
    </div>
  );
}
