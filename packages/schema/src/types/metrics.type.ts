import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: "One epoch's metrics, keyed by the stable names (train/loss, similarity/cka/conv1, …).",
})
export class EpochMetrics {
  @Field(() => Int)
  epoch!: number;

  @Field(() => GraphQLJSONObject)
  metrics!: Record<string, number | string>;
}

@ObjectType({ description: "A block's similarity to the source model at one epoch." })
export class LayerSimilarity {
  @Field(() => String)
  layer!: string;

  @Field(() => Int)
  epoch!: number;

  @Field(() => Float, { description: 'Linear CKA on the probe set.' })
  cka!: number;

  @Field(() => Float, { nullable: true, description: '‖w − w₀‖ / ‖w₀‖.' })
  weightDrift?: number | null;
}

@ObjectType()
export class MetricPoint {
  @Field(() => Int)
  epoch!: number;

  @Field(() => Float)
  value!: number;
}

@ObjectType({
  description: 'One metric of one run, downsampled to at most maxPoints (each bucket keeps its min and max).',
})
export class MetricSeries {
  @Field(() => ID)
  runId!: string;

  @Field(() => String)
  key!: string;

  @Field(() => [MetricPoint], { description: 'The points in epoch order.' })
  points!: MetricPoint[];

  @Field(() => [Int], {
    description: 'The same points as two parallel columns (epochs, values): much cheaper for many points.',
  })
  epochs!: number[];

  @Field(() => [Float], { description: 'The value at each of `epochs`.' })
  values!: number[];

  @Field(() => Int, { description: 'Points stored before downsampling.' })
  totalPoints!: number;

  @Field(() => Boolean)
  downsampled!: boolean;
}
