import {
  ImportSourceModelInput,
  PretrainSourceModelInput,
  Role,
  Run,
  SourceModel,
  SourceModelStatus,
} from '@driftboard/schema';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { ProjectDirectory } from '../access/access.js';
import type { RequestContext } from '../access/request-context.js';
import { toRun } from '../run/run.mapper.js';
import type { SourceModelRecord } from './source-model.repository.js';
import type { SourceModelService } from './source-model.service.js';

export function toSourceModel(record: SourceModelRecord): SourceModel {
  return {
    id: record.id,
    name: record.name,
    architecture: record.architecture,
    blocks: record.blocks,
    inputShape: record.inputShape,
    classNames: record.classNames,
    datasetId: record.datasetId,
    status: record.status as SourceModelStatus,
    pretrainRunId: record.pretrainRunId,
    createdAt: record.createdAt,
  };
}

@ObjectType({ description: 'A source model being pretrained, and the run that trains it.' })
export class PretrainResult {
  @Field(() => SourceModel)
  sourceModel!: SourceModel;

  @Field(() => Run)
  run!: Run;
}

@Resolver(() => SourceModel)
export class SourceModelResolver {
  constructor(
    private readonly service: SourceModelService,
    private readonly projects: ProjectDirectory,
  ) {}

  @Query(() => [SourceModel])
  async sourceModels(): Promise<SourceModel[]> {
    return (await this.service.list()).map(toSourceModel);
  }

  @Query(() => SourceModel)
  async sourceModel(@Arg('id', () => ID) id: string): Promise<SourceModel> {
    return toSourceModel(await this.service.get(id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => PretrainResult, {
    description: 'Trains a new source model from scratch as a PRETRAIN run.',
  })
  async pretrainSourceModel(
    @Ctx() { access }: RequestContext,
    @Arg('input', () => PretrainSourceModelInput) input: PretrainSourceModelInput,
  ): Promise<PretrainResult> {
    const { model, run } = await this.service.pretrain({
      ...input,
      projectId: await this.projects.projectForNewRow(access, input.projectId),
    });
    return { sourceModel: toSourceModel(model), run: toRun(run) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SourceModel, {
    description: 'Imports a TensorFlow.js LayersModel as a READY source model.',
  })
  async importSourceModel(
    @Arg('input', () => ImportSourceModelInput) input: ImportSourceModelInput,
  ): Promise<SourceModel> {
    return toSourceModel(await this.service.import(input));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SourceModel)
  async deleteSourceModel(@Arg('id', () => ID) id: string): Promise<SourceModel> {
    return toSourceModel(await this.service.delete(id));
  }
}
