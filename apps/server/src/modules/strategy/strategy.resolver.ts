import { CreateStrategyInput, Role, Strategy } from '@driftboard/schema';
import { Arg, Authorized, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { StrategyRecord } from './strategy.repository.js';
import type { StrategyService } from './strategy.service.js';

export const toStrategy = (record: StrategyRecord): Strategy => ({ ...record });

@Resolver(() => Strategy)
export class StrategyResolver {
  constructor(private readonly service: StrategyService) {}

  @Query(() => [Strategy])
  async strategies(): Promise<Strategy[]> {
    return (await this.service.list()).map(toStrategy);
  }

  @Query(() => Strategy)
  async strategy(@Arg('id', () => ID) id: string): Promise<Strategy> {
    return toStrategy(await this.service.get(id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Strategy, { description: 'Saves a named strategy; {"kind":"full"} alone is complete.' })
  async createStrategy(
    @Arg('input', () => CreateStrategyInput) input: CreateStrategyInput,
  ): Promise<Strategy> {
    return toStrategy(await this.service.create(input.name, input.spec));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Strategy, { description: 'Deletes a strategy; runs keep the spec they ran with.' })
  async deleteStrategy(@Arg('id', () => ID) id: string): Promise<Strategy> {
    return toStrategy(await this.service.delete(id));
  }
}
