'use client';

import { Card } from '../../../shared/ui/card';
import { ago, dateTime, percent } from '../../../shared/ui/format';
import { Empty, ErrorState, Loading } from '../../../shared/ui/states';
import { useCatalog } from '../../catalog/hooks/use-catalog';
import { describeProfile } from '../profile-form-spec';
import { ProfileForm } from './profile-form';

/** Datasets and their quality profiles, with a form to create a profile. */
export function DatasetsContainer() {
  const { catalog, fetching, error, refetch } = useCatalog();
  if (fetching) return <Loading label="Loading datasets…" />;
  if (error && catalog.datasets.length === 0) return <ErrorState error={error} onRetry={refetch} />;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Datasets &amp; quality profiles</h1>
          <p className="muted">
            A quality profile is a reproducible degradation of a dataset: label noise, corruption, fewer
            examples, imbalance.
          </p>
        </div>
      </div>
      <Card title="Datasets">
        <div className="table-wrap">
          <table className="table" data-testid="datasets">
            <thead>
              <tr>
                <th>Name</th>
                <th>Modality</th>
                <th className="num">Examples</th>
                <th className="num">Classes</th>
                <th className="hide-sm">Input shape</th>
                <th className="hide-sm">Origin</th>
              </tr>
            </thead>
            <tbody>
              {catalog.datasets.map((dataset) => (
                <tr key={dataset.id}>
                  <td className="strong">{dataset.name}</td>
                  <td>
                    <span className="tag">{dataset.modality.toLowerCase()}</span>
                  </td>
                  <td className="num">{dataset.size.toLocaleString()}</td>
                  <td className="num" title={dataset.classNames.join(', ')}>
                    {dataset.classNames.length}
                  </td>
                  <td className="hide-sm mono small">[{dataset.inputShape.join(', ')}]</td>
                  <td className="hide-sm muted">{dataset.origin.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <div className="grid-2 grid-wide-left">
        <Card title="Quality profiles">
          {catalog.qualityProfiles.length === 0 ? (
            <Empty>No quality profiles yet: create one with the form.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="profiles">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Dataset</th>
                    <th>Degradation</th>
                    <th className="num">Realised noise</th>
                    <th className="hide-sm">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {catalog.qualityProfiles.map((profile) => (
                    <tr key={profile.id}>
                      <td className="strong">{profile.name}</td>
                      <td>{catalog.dataset(profile.datasetId)?.name ?? '…'}</td>
                      <td className="small">{describeProfile(profile.spec)}</td>
                      <td className="num">{percent(profile.realisedNoiseRate)}</td>
                      <td className="hide-sm muted small" title={dateTime(profile.createdAt)}>
                        {ago(profile.createdAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="New quality profile">
          <ProfileForm datasets={catalog.datasets} onCreated={refetch} />
        </Card>
      </div>
    </div>
  );
}
