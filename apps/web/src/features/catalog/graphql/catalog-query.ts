import type { Dataset, QualityProfile, SourceModel, Strategy } from '../../../shared/graphql/api-types';

/** Every dataset, profile, source model and strategy: small lists most pages name things from. */
export const CATALOG_QUERY = `
  query Catalog {
    datasets { id name modality origin classNames inputShape size }
    qualityProfiles { id name datasetId spec realisedNoiseRate createdAt }
    sourceModels { id name architecture blocks datasetId status inputShape }
    strategies { id name kind spec }
  }`;

export interface CatalogData {
  datasets: Dataset[];
  qualityProfiles: QualityProfile[];
  sourceModels: SourceModel[];
  strategies: Strategy[];
}
