import { Suspense } from 'react';
import { RunsContainer } from '../../features/runs/components/runs-container';
import { Loading } from '../../shared/ui/states';

export const metadata = { title: 'Runs · driftboard' };

export default function RunsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <RunsContainer />
    </Suspense>
  );
}
