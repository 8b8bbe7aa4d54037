import { SweepContainer } from '../../../features/sweeps/components/sweep-container';

export const metadata = { title: 'Sweep · driftboard' };

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SweepContainer key={id} sweepId={id} />;
}
