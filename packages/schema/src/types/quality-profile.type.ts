import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A reproducible degradation of a dataset (label noise, corruption, size, imbalance) from a seed.',
})
export class QualityProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ID)
  datasetId!: string;

  @Field(() => GraphQLJSONObject, {
    description: 'The degradation, e.g. {"labelNoise":{"rate":0.4,"kind":"symmetric"},"seed":1}.',
  })
  spec!: Record<string, unknown>;

  @Field(() => Float, {
    nullable: true,
    description: 'The label-noise rate actually realised, once measured.',
  })
  realisedNoiseRate?: number | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}
