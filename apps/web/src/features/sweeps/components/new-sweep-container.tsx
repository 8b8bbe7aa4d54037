'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { ErrorState, Loading } from '../../../shared/ui/states';
import { useViewer } from '../../auth/hooks/use-viewer';
import { chooseProject, withProject } from '../../auth/project-choice';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import { NewSweepForm } from './new-sweep-form';

/** New sweep: the catalog to choose from, and the form; the project (?project=<id>) lives in the URL. */
export function NewSweepContainer() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { catalog, fetching, error, refetch } = useCatalog();
  const viewer = useViewer();
  if (fetching || viewer.fetching) return <Loading label="Loading the catalog…" />;
  if (error && catalog.datasets.length === 0) return <ErrorState error={error} onRetry={refetch} />;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>New sweep</h1>
          <p className="muted">
            Queue a run for every saved strategy × quality profile × seed, all at once. One run instead?{' '}
            <Link href="/runs/new">New run</Link>
          </p>
        </div>
      </div>
      <NewSweepForm
        catalog={catalog}
        projects={viewer.projects}
        initialProjectId={chooseProject(viewer.projects, params.get('project'))}
        onProjectChange={(projectId) => router.replace(`${pathname}?${withProject(params, projectId)}`)}
        onStrategySaved={refetch}
        onStarted={(id) => router.push(`/sweeps/${id}`)}
      />
    </div>
  );
}
