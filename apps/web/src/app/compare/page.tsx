import { Suspense } from 'react';
import { CompareContainer } from '../../features/compare/components/compare-container';
import { Loading } from '../../shared/ui/states';

export const metadata = { title: 'Compare · driftboard' };

export default function ComparePage() {
  return (
    <Suspense fallback={<Loading />}>
      <CompareContainer />
    </Suspense>
  );
}
