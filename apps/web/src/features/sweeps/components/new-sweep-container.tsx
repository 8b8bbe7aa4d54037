'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ErrorState, Loading } from '../../../shared/ui/states';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import { NewSweepForm } from './new-sweep-form';

/** New sweep: the catalog to choose from, and the form. */
export function NewSweepContainer() {
  const router = useRouter();
  const { catalog, fetching, error, refetch } = useCatalog();
  if (fetching) return <Loading label="Loading the catalog…" />;
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
        onStrategySaved={refetch}
        onStarted={(id) => router.push(`/sweeps/${id}`)}
      />
    </div>
  );
}
