import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { SourceModelStatus } from '../enums.js';

@ObjectType({ description: 'A pretrained model that runs fine-tune: pretrained here or imported.' })
export class SourceModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'cnn, cnn-ref, text, lstm, or imported.' })
  architecture!: string;

  @Field(() => [String], { description: 'Named blocks, input to output; the last is the head.' })
  blocks!: string[];

  @Field(() => [Int])
  inputShape!: number[];

  @Field(() => [String])
  classNames!: string[];

  @Field(() => ID, { nullable: true, description: 'The dataset it was trained on, when known.' })
  datasetId?: string | null;

  @Field(() => SourceModelStatus)
  status!: SourceModelStatus;

  @Field(() => ID, { nullable: true, description: 'The PRETRAIN run that produces it.' })
  pretrainRunId?: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}
