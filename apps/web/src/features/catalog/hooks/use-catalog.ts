'use client';

import { useMemo } from 'react';
import { useQuery } from 'urql';
import type { Dataset, QualityProfile, SourceModel, Strategy } from '../../../shared/graphql/api-types';
import { CATALOG_QUERY, type CatalogData } from '../graphql/catalog-query';

export interface Catalog extends CatalogData {
  dataset(id: string | null | undefined): Dataset | undefined;
  profile(id: string | null | undefined): QualityProfile | undefined;
  sourceModel(id: string | null | undefined): SourceModel | undefined;
  strategy(id: string | null | undefined): Strategy | undefined;
}

const EMPTY: CatalogData = { datasets: [], qualityProfiles: [], sourceModels: [], strategies: [] };

function byId<T extends { id: string }>(items: T[]): (id: string | null | undefined) => T | undefined {
  const map = new Map(items.map((item) => [item.id, item]));
  return (id) => (id ? map.get(id) : undefined);
}

/** The catalog, with id lookups; names show as soon as it loads (tables render ids until then). */
export function useCatalog() {
  const [result, refetch] = useQuery<CatalogData>({ query: CATALOG_QUERY });
  const data = result.data ?? EMPTY;
  const catalog = useMemo<Catalog>(
    () => ({
      ...data,
      dataset: byId(data.datasets),
      profile: byId(data.qualityProfiles),
      sourceModel: byId(data.sourceModels),
      strategy: byId(data.strategies),
    }),
    [data],
  );
  return {
    catalog,
    fetching: result.fetching && !result.data,
    error: result.error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}
