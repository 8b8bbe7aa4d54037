import { Dataset, DatasetOrigin, Modality } from '@driftboard/schema';
import { Arg, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { DatasetRecord } from './dataset.repository.js';
import type { DatasetService } from './dataset.service.js';

export function toDataset(record: DatasetRecord): Dataset {
  return {
    id: record.id,
    name: record.name,
    modality: record.modality as Modality,
    origin: record.origin as DatasetOrigin,
    inputShape: record.inputShape,
    classNames: record.classNames,
    vocabularySize: record.vocabularySize,
    size: record.size,
    createdAt: record.createdAt,
  };
}

@Resolver(() => Dataset)
export class DatasetResolver {
  constructor(private readonly service: DatasetService) {}

  @Query(() => [Dataset], { description: 'Every dataset, built in and imported.' })
  async datasets(): Promise<Dataset[]> {
    return (await this.service.list()).map(toDataset);
  }

  @Query(() => Dataset)
  async dataset(@Arg('id', () => ID) id: string): Promise<Dataset> {
    return toDataset(await this.service.get(id));
  }

  @Mutation(() => Dataset, { description: 'Deletes an imported dataset and everything trained on it.' })
  async deleteDataset(@Arg('id', () => ID) id: string): Promise<Dataset> {
    return toDataset(await this.service.delete(id));
  }
}
