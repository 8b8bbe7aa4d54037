import { StrategyRecommendation } from '@driftboard/schema';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import type { RecommendationService } from './recommendation.service.js';

@Resolver(() => StrategyRecommendation)
export class RecommendationResolver {
  constructor(private readonly service: RecommendationService) {}

  @Query(() => StrategyRecommendation, {
    description:
      'The strategy `auto` would pick for a quality profile (from its declared label noise and sample size), and why.',
  })
  async recommendStrategy(
    @Ctx() { access }: RequestContext,
    @Arg('profileId', () => ID) profileId: string,
  ): Promise<StrategyRecommendation> {
    return this.service.recommend(access, profileId);
  }
}
