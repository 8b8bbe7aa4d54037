import { NewSweepContainer } from '../../../features/sweeps/components/new-sweep-container';

export const metadata = { title: 'New sweep · driftboard' };

export default function NewSweepPage() {
  return <NewSweepContainer />;
}
