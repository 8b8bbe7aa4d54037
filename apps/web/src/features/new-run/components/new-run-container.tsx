'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { ErrorState, Loading } from '../../../shared/ui/states';
import { useViewer } from '../../auth/hooks/use-viewer';
import { chooseProject, withProject } from '../../auth/project-choice';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import { PREFILL_RUN_QUERY, type PrefillRunData } from '../graphql/new-run-queries';
import { valuesFromRun } from '../run-form';
import { NewRunForm } from './new-run-form';

/** New run: the catalog to choose from, optionally prefilled from a run (?from=<runId>) and a project (?project=<id>). */
export function NewRunContainer() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const from = params.get('from');
  const { catalog, fetching, error, refetch } = useCatalog();
  const viewer = useViewer();
  const [prefill] = useQuery<PrefillRunData>({
    query: PREFILL_RUN_QUERY,
    variables: { id: from },
    pause: !from,
  });
  if (fetching || viewer.fetching || (from && prefill.fetching && !prefill.data))
    return <Loading label="Loading the catalog…" />;
  if (error && catalog.datasets.length === 0) return <ErrorState error={error} onRetry={refetch} />;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>New run</h1>
          <p className="muted">Fine-tune a source model on a dataset of some quality with a strategy.</p>
        </div>
      </div>
      <NewRunForm
        key={prefill.data?.run.id ?? 'blank'}
        catalog={catalog}
        projects={viewer.projects}
        initialProjectId={chooseProject(viewer.projects, params.get('project'))}
        onProjectChange={(projectId) => router.replace(`${pathname}?${withProject(params, projectId)}`)}
        initial={prefill.data ? valuesFromRun(prefill.data.run) : undefined}
        onStarted={(id) => router.push(`/runs/${id}`)}
      />
    </div>
  );
}
