import { EpochMetrics, Role, Run, StartRunInput } from '@driftboard/schema';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import { toRun } from './run.mapper.js';
import type { RunRepository } from './run.repository.js';
import type { RunService } from './run.service.js';

@Resolver(() => Run)
export class RunResolver {
  constructor(
    private readonly service: RunService,
    private readonly runs: RunRepository,
  ) {}

  @Query(() => Run)
  async run(@Ctx() { access }: RequestContext, @Arg('id', () => ID) id: string): Promise<Run> {
    const record = await this.service.get(access, id);
    return toRun(record, (await this.runs.summaries([id])).get(id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Run, { description: 'Queues a fine-tuning run; a worker picks it up.' })
  async startRun(
    @Ctx() { access }: RequestContext,
    @Arg('input', () => StartRunInput) input: StartRunInput,
  ): Promise<Run> {
    const [run] = await this.service.start(access, [{ ...input }]);
    return toRun(run);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Run, {
    description: 'Cancels a queued run at once, or asks its worker to stop a running one at the next batch.',
  })
  async cancelRun(@Ctx() { access }: RequestContext, @Arg('id', () => ID) id: string): Promise<Run> {
    const run = await this.service.cancel(access, id);
    return toRun(run, (await this.runs.summaries([id])).get(id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Run, { description: "Replaces a run's tags (and notes, when given)." })
  async tagRun(
    @Ctx() { access }: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('tags', () => [String]) tags: string[],
    @Arg('notes', () => String, { nullable: true }) notes?: string,
  ): Promise<Run> {
    const run = await this.service.tag(access, id, tags, notes);
    return toRun(run, (await this.runs.summaries([id])).get(id));
  }

  @FieldResolver(() => [EpochMetrics], { description: 'Every stored epoch with all its metrics.' })
  async history(@Root() run: Run): Promise<EpochMetrics[]> {
    return this.runs.epochs(run.id);
  }
}
