import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Run } from './run.type.js';

@ObjectType({ description: 'A run on the accuracy–similarity Pareto front.' })
export class ParetoPoint {
  @Field(() => ID)
  runId!: string;

  @Field(() => Float, { description: 'Final target accuracy (val/accuracy_clean).' })
  accuracy!: number;

  @Field(() => Float, { description: 'Final similarity/cka_mean.' })
  ckaMean!: number;
}

@ObjectType({ description: 'A grid of runs: strategies × quality profiles × seeds.' })
export class Sweep {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [Run])
  runs!: Run[];

  @Field(() => Int)
  finishedRuns!: number;

  @Field(() => [ParetoPoint], { description: 'Runs no other run beats on both accuracy and mean CKA.' })
  paretoFront!: ParetoPoint[];

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType({ description: 'What the `auto` rule would choose for a quality profile, and why.' })
export class StrategyRecommendation {
  @Field(() => String)
  kind!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => Float, { nullable: true, description: 'The label-noise rate the advice is based on.' })
  labelNoiseRate?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Training examples per class the advice is based on, when the profile caps the sample size.',
  })
  examplesPerClass?: number | null;

  @Field(() => GraphQLJSONObject, { description: 'The strategy `auto` would run, every default filled in.' })
  spec!: Record<string, unknown>;
}

@ObjectType({ description: 'Runs side by side: specs that differ and final metrics.' })
export class RunComparison {
  @Field(() => [Run])
  runs!: Run[];

  @Field(() => [SpecDifference])
  differences!: SpecDifference[];
}

@ObjectType({ description: 'A strategy or run field whose value differs between the compared runs.' })
export class SpecDifference {
  @Field(() => String)
  field!: string;

  @Field(() => [String], { description: 'The value per run, as JSON text, in the order of `runs`.' })
  values!: string[];
}
