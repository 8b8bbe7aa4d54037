import { Dataset, DatasetOrigin, Modality, Role } from '@driftboard/schema';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import type { DatasetRecord } from './dataset.repository.js';
import type { DatasetService } from './dataset.service.js';

export function toDataset(record: DatasetRecord): Dataset {
  return {
    id: record.id,
    projectId: record.projectId,
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
  async datasets(@Ctx() { access }: RequestContext): Promise<Dataset[]> {
    return (await this.service.list(access)).map(toDataset);
  }

  @Query(() => Dataset)
  async dataset(@Ctx() { access }: RequestContext, @Arg('id', () => ID) id: string): Promise<Dataset> {
    return toDataset(await this.service.get(access, id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Dataset, { description: 'Deletes an imported dataset and everything trained on it.' })
  async deleteDataset(@Ctx() { access }: RequestContext, @Arg('id', () => ID) id: string): Promise<Dataset> {
    return toDataset(await this.service.delete(access, id));
  }
}
