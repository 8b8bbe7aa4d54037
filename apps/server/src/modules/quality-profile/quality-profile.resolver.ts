import { CreateQualityProfileInput, QualityProfile, Role } from '@driftboard/schema';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import type { QualityProfileRecord } from './quality-profile.repository.js';
import type { QualityProfileService } from './quality-profile.service.js';

export const toQualityProfile = (record: QualityProfileRecord): QualityProfile => ({ ...record });

@Resolver(() => QualityProfile)
export class QualityProfileResolver {
  constructor(private readonly service: QualityProfileService) {}

  @Query(() => [QualityProfile])
  async qualityProfiles(
    @Ctx() { access }: RequestContext,
    @Arg('datasetId', () => ID, { nullable: true }) datasetId?: string,
  ): Promise<QualityProfile[]> {
    return (await this.service.list(access, datasetId)).map(toQualityProfile);
  }

  @Query(() => QualityProfile)
  async qualityProfile(
    @Ctx() { access }: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<QualityProfile> {
    return toQualityProfile(await this.service.get(access, id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => QualityProfile)
  async createQualityProfile(
    @Ctx() { access }: RequestContext,
    @Arg('input', () => CreateQualityProfileInput) input: CreateQualityProfileInput,
  ): Promise<QualityProfile> {
    return toQualityProfile(await this.service.create(access, input));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => QualityProfile)
  async deleteQualityProfile(
    @Ctx() { access }: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<QualityProfile> {
    return toQualityProfile(await this.service.delete(access, id));
  }
}
