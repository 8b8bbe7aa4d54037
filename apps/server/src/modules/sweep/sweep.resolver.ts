import { Role, StartSweepInput, Sweep } from '@driftboard/schema';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import { toRun } from '../run/run.mapper.js';
import type { SweepService, SweepView } from './sweep.service.js';

const toSweep = (view: SweepView): Sweep => ({
  id: view.sweep.id,
  projectId: view.sweep.projectId,
  name: view.sweep.name,
  createdAt: view.sweep.createdAt,
  runs: view.runs.map(({ run, summary }) => toRun(run, summary)),
  finishedRuns: view.finishedRuns,
  paretoFront: view.paretoFront,
});

@Resolver(() => Sweep)
export class SweepResolver {
  constructor(private readonly service: SweepService) {}

  @Query(() => Sweep)
  async sweep(@Ctx() { access }: RequestContext, @Arg('id', () => ID) id: string): Promise<Sweep> {
    return toSweep(await this.service.get(access, id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Sweep, {
    description:
      'Queues a run for every strategy × quality profile (or the clean dataset) × seed: all of them, or none when any is invalid.',
  })
  async startSweep(
    @Ctx() { access }: RequestContext,
    @Arg('input', () => StartSweepInput) input: StartSweepInput,
  ): Promise<Sweep> {
    return toSweep(await this.service.start(access, { ...input }));
  }
}
