import { DatasetsContainer } from '../../features/datasets/components/datasets-container';

export const metadata = { title: 'Datasets · driftboard' };

export default function DatasetsPage() {
  return <DatasetsContainer />;
}
