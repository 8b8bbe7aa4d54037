import { RunContainer } from '../../../features/run-detail/components/run-container';

export const metadata = { title: 'Run · driftboard' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunContainer key={id} runId={id} />;
}
