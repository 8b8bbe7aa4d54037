import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { RunKind, RunStatus } from '../enums.js';

@ObjectType({ description: "A run's headline numbers, from its last epoch (best where named)." })
export class RunSummary {
  @Field(() => Float, { nullable: true })
  finalValAccuracy?: number | null;

  @Field(() => Float, { nullable: true })
  bestValAccuracy?: number | null;

  @Field(() => Float, { nullable: true, description: 'Accuracy against the true labels.' })
  finalValAccuracyClean?: number | null;

  @Field(() => Float, { nullable: true })
  finalCkaMean?: number | null;

  @Field(() => Int, { nullable: true })
  durationMs?: number | null;
}

@ObjectType({ description: 'Source model × dataset × quality profile × strategy × seed.' })
export class Run {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => RunKind)
  kind!: RunKind;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => ID, { nullable: true })
  sourceModelId?: string | null;

  @Field(() => ID)
  datasetId!: string;

  @Field(() => ID, { nullable: true })
  qualityProfileId?: string | null;

  @Field(() => ID, { nullable: true })
  strategyId?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The strategy as run, every default filled in.' })
  strategySpec!: Record<string, unknown>;

  @Field(() => Int)
  seed!: number;

  @Field(() => Int, { nullable: true, description: 'At most this many training examples.' })
  limit?: number | null;

  @Field(() => ID, { nullable: true })
  sweepId?: string | null;

  @Field(() => String, { nullable: true, description: 'The tfjs backend used (system/backend).' })
  backend?: string | null;

  @Field(() => String, { nullable: true, description: 'The worker that ran it.' })
  device?: string | null;

  @Field(() => String, { nullable: true })
  error?: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => Int)
  epochsCompleted!: number;

  @Field(() => Int)
  epochs!: number;

  @Field(() => GraphQLDateTime)
  queuedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  startedAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  finishedAt?: Date | null;

  @Field(() => RunSummary)
  summary!: RunSummary;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor?: string | null;
}

@ObjectType()
export class RunEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Run)
  node!: Run;
}

@ObjectType({ description: 'A page of runs (Relay connection).' })
export class RunConnection {
  @Field(() => [RunEdge])
  edges!: RunEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
