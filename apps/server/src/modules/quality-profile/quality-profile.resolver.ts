import { CreateQualityProfileInput, QualityProfile } from '@driftboard/schema';
import { Arg, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { QualityProfileRecord } from './quality-profile.repository.js';
import type { QualityProfileService } from './quality-profile.service.js';

export const toQualityProfile = (record: QualityProfileRecord): QualityProfile => ({ ...record });

@Resolver(() => QualityProfile)
export class QualityProfileResolver {
  constructor(private readonly service: QualityProfileService) {}

  @Query(() => [QualityProfile])
  async qualityProfiles(
    @Arg('datasetId', () => ID, { nullable: true }) datasetId?: string,
  ): Promise<QualityProfile[]> {
    return (await this.service.list(datasetId)).map(toQualityProfile);
  }

  @Query(() => QualityProfile)
  async qualityProfile(@Arg('id', () => ID) id: string): Promise<QualityProfile> {
    return toQualityProfile(await this.service.get(id));
  }

  @Mutation(() => QualityProfile)
  async createQualityProfile(
    @Arg('input', () => CreateQualityProfileInput) input: CreateQualityProfileInput,
  ): Promise<QualityProfile> {
    return toQualityProfile(await this.service.create(input.name, input.datasetId, input.spec));
  }

  @Mutation(() => QualityProfile)
  async deleteQualityProfile(@Arg('id', () => ID) id: string): Promise<QualityProfile> {
    return toQualityProfile(await this.service.delete(id));
  }
}
