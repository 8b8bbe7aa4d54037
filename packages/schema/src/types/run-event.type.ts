import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { createUnionType, Field, ID, Int, ObjectType } from 'type-graphql';
import { LogLevel, RunStatus } from '../enums.js';

@ObjectType({ description: 'A run finished an epoch; `metrics` uses the stable metric names.' })
export class EpochCompleted {
  @Field(() => ID)
  runId!: string;

  @Field(() => Int)
  epoch!: number;

  @Field(() => GraphQLJSONObject)
  metrics!: Record<string, number | string>;
}

@ObjectType()
export class RunStatusChanged {
  @Field(() => ID)
  runId!: string;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => String, { nullable: true })
  error?: string | null;

  @Field(() => GraphQLDateTime)
  at!: Date;
}

@ObjectType()
export class RunLog {
  @Field(() => ID)
  runId!: string;

  @Field(() => LogLevel)
  level!: LogLevel;

  @Field(() => String)
  message!: string;

  @Field(() => GraphQLDateTime)
  at!: Date;
}

export const RunEvent = createUnionType({
  name: 'RunEvent',
  description: 'What subscriptions push: epochs, status changes and log lines.',
  types: () => [EpochCompleted, RunStatusChanged, RunLog] as const,
  resolveType: (value) => {
    if ('epoch' in value) return EpochCompleted;
    if ('status' in value) return RunStatusChanged;
    return RunLog;
  },
});
