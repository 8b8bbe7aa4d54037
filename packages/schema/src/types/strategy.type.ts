import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A named fine-tuning strategy: which blocks train, optimizer, regularisation, loss.',
})
export class Strategy {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description: 'full, last-k, surgical, linear-probe, lp-ft, gradual-unfreeze or auto.',
  })
  kind!: string;

  @Field(() => GraphQLJSONObject, { description: 'The complete strategy, every default filled in.' })
  spec!: Record<string, unknown>;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}
