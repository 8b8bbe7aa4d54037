import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { AlertComparator, AlertDeliveryStatus, AlertRuleKind, RunStatus } from '../enums.js';

@ObjectType({ description: 'Posts a Slack message when runs of its project meet a condition.' })
export class AlertRule {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AlertRuleKind)
  kind!: AlertRuleKind;

  @Field(() => String, { description: 'The condition in words, e.g. "similarity/cka_mean < 0.8".' })
  condition!: string;

  @Field(() => [RunStatus], { nullable: true, description: 'STATUS rules: the statuses that fire.' })
  statuses!: RunStatus[] | null;

  @Field(() => String, { nullable: true, description: 'THRESHOLD and DECLINE rules: the metric watched.' })
  metric!: string | null;

  @Field(() => AlertComparator, { nullable: true })
  comparator!: AlertComparator | null;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Int, { nullable: true, description: 'DECLINE rules: how many falling epochs in a row fire.' })
  epochs!: number | null;

  @Field(() => String, {
    description: 'The Slack webhook, masked: the full URL is a secret and is never returned.',
  })
  webhookUrl!: string;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType({
  description: 'One Slack message of a rule: for a run (at most one per rule, run and trigger) or a test.',
})
export class AlertDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  ruleId!: string;

  @Field(() => ID, { nullable: true, description: 'Null for test messages.' })
  runId!: string | null;

  @Field(() => String, { description: 'What fired: `status:<STATUS>`, `threshold`, `decline` or `test:…`.' })
  trigger!: string;

  @Field(() => AlertDeliveryStatus)
  status!: AlertDeliveryStatus;

  @Field(() => Int, { description: 'Posts tried so far.' })
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the latest failed attempt failed (kept when a retry then succeeded).',
  })
  lastError!: string | null;

  @Field(() => String, { description: "The message's plain text." })
  text!: string;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'PENDING: when the next attempt is due.' })
  nextAttemptAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  sentAt!: Date | null;
}
