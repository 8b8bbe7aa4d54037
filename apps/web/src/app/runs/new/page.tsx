import { Suspense } from 'react';
import { NewRunContainer } from '../../../features/new-run/components/new-run-container';
import { Loading } from '../../../shared/ui/states';

export const metadata = { title: 'New run · driftboard' };

export default function NewRunPage() {
  return (
    <Suspense fallback={<Loading />}>
      <NewRunContainer />
    </Suspense>
  );
}
