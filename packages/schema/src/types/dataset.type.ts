import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DatasetOrigin, Modality } from '../enums.js';

@ObjectType({ description: 'A dataset runs can train on: built in (mnist, …) or imported.' })
export class Dataset {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Null for built-in datasets, which every project sees.' })
  projectId!: string | null;

  @Field(() => String, { description: 'Unique; what the trainer and the CLI call it.' })
  name!: string;

  @Field(() => Modality)
  modality!: Modality;

  @Field(() => DatasetOrigin)
  origin!: DatasetOrigin;

  @Field(() => [Int], { description: 'Shape of one example, e.g. [28, 28, 1].' })
  inputShape!: number[];

  @Field(() => [String])
  classNames!: string[];

  @Field(() => Int, { nullable: true, description: 'TEXT only: the vocabulary size token ids index into.' })
  vocabularySize?: number | null;

  @Field(() => Int, { description: 'Number of examples.' })
  size!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}
