import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { AlertComparator, AlertRuleKind, Role, RunOrderField, RunStatus, SortDirection } from '../enums.js';

const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
const NAME_MESSAGE = 'name must start with a letter or digit and use only letters, digits, spaces, . _ -';
export const ARCHITECTURES = ['cnn', 'cnn-ref', 'text', 'lstm'] as const;

/** An optional `projectId: ID` argument field, checked to look like a project id. */
function ProjectIdField(description: string): PropertyDecorator {
  const decorators = [
    Field(() => ID, { nullable: true, description }),
    IsOptional(),
    IsUUID('all', { message: 'projectId must be a project id' }),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

@InputType()
export class CreateStrategyInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'A strategy; {"kind":"full"} alone is complete.' })
  spec!: Record<string, unknown>;
}

@InputType()
export class CreateQualityProfileInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId!: string;

  @Field(() => GraphQLJSONObject)
  spec!: Record<string, unknown>;

  @ProjectIdField("The project it belongs to; by default the token's only project, or `default`.")
  projectId?: string;
}

@InputType()
export class PretrainSourceModelInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId!: string;

  @Field(() => String, { description: 'cnn, cnn-ref, text or lstm.' })
  @IsIn(ARCHITECTURES, { message: `architecture must be one of ${ARCHITECTURES.join(', ')}` })
  architecture!: string;

  @Field(() => Int, { defaultValue: 3 })
  @IsInt()
  @Min(1)
  @Max(1000)
  epochs!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  seed!: number;

  @ProjectIdField("The project it belongs to; by default the token's only project, or `default`.")
  projectId?: string;
}

@InputType({ description: 'A TensorFlow.js LayersModel: model.json and its weights, base64-encoded.' })
export class ImportSourceModelInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'The parsed model.json.' })
  modelJson!: Record<string, unknown>;

  @Field(() => String, { description: 'The weights file(s) concatenated in manifest order, base64.' })
  @Length(1, 400_000_000)
  weightsBase64!: string;
}

@InputType()
export class StartRunInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'sourceModelId must be a source model id' })
  sourceModelId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'qualityProfileId must be a quality profile id' })
  qualityProfileId?: string;

  @Field(() => ID, { nullable: true, description: 'A saved strategy; or give `strategy` inline.' })
  @IsOptional()
  @IsUUID('all', { message: 'strategyId must be a strategy id' })
  strategyId?: string;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'An inline strategy, e.g. {"kind":"last-k","k":1}.',
  })
  @IsOptional()
  strategy?: Record<string, unknown>;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  seed!: number;

  @Field(() => Int, { nullable: true, description: 'At most this many training examples.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @Length(1, 50, { each: true })
  tags!: string[];

  @ProjectIdField("The project it belongs to; by default the token's only project, or `default`.")
  projectId?: string;
}

@InputType()
export class StartSweepInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'sourceModelId must be a source model id' })
  sourceModelId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId!: string;

  @Field(() => [ID])
  @ArrayMinSize(1, { message: 'strategyIds needs at least one strategy' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'strategyIds must be strategy ids' })
  strategyIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Quality profiles; none means the clean dataset.' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'qualityProfileIds must be quality profile ids' })
  qualityProfileIds!: string[];

  @Field(() => [Int], { defaultValue: [0] })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(0, { each: true })
  seeds!: number[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;

  @ProjectIdField("The project it belongs to; by default the token's only project, or `default`.")
  projectId?: string;
}

@InputType({ description: 'Keep runs whose last value of `key` lies in [min, max].' })
export class MetricThreshold {
  @Field(() => String)
  @Length(1, 200)
  key!: string;

  @Field(() => Float, { nullable: true })
  min?: number;

  @Field(() => Float, { nullable: true })
  max?: number;
}

@InputType()
export class RunFilter {
  @Field(() => [RunStatus], { nullable: true })
  status?: RunStatus[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'qualityProfileId must be a quality profile id' })
  qualityProfileId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'strategyId must be a strategy id' })
  strategyId?: string;

  @Field(() => String, { nullable: true, description: 'Strategy kind, e.g. last-k.' })
  strategyKind?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'sweepId must be a sweep id' })
  sweepId?: string;

  @Field(() => [String], { nullable: true, description: 'Runs carrying every one of these tags.' })
  @IsOptional()
  @ArrayMaxSize(20)
  tags?: string[];

  @Field(() => [MetricThreshold], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  metrics?: MetricThreshold[];

  @ProjectIdField('Runs of this project only.')
  projectId?: string;
}

@InputType()
export class RunOrder {
  @Field(() => RunOrderField)
  field!: RunOrderField;

  @Field(() => String, { nullable: true, description: 'For field METRIC: which metric, e.g. val/accuracy.' })
  metricKey?: string;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC })
  direction!: SortDirection;
}

@InputType()
export class CreateProjectInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => String, { description: 'Who or what uses it, e.g. "notebooks" or "slack-bot".' })
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => [ID], {
    nullable: true,
    description: 'The projects it may see (required unless role is ADMIN, which sees every project).',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'projectIds must be project ids' })
  projectIds?: string[];
}

const ALERT_CONDITION_FIELDS =
  'STATUS rules take `statuses`; THRESHOLD rules `metric`, `comparator` and `value`; DECLINE rules `metric` and `epochs`.';

@InputType({ description: `An alert rule. ${ALERT_CONDITION_FIELDS}` })
export class CreateAlertRuleInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name!: string;

  @ProjectIdField("The project whose runs it watches; by default the token's only project, or `default`.")
  projectId?: string;

  @Field(() => AlertRuleKind)
  kind!: AlertRuleKind;

  @Field(() => String, {
    description: 'A Slack incoming webhook, https://hooks.slack.com/services/…; kept secret (shown masked).',
  })
  @Length(1, 2000)
  webhookUrl!: string;

  @Field(() => Boolean, { defaultValue: true })
  enabled!: boolean;

  @Field(() => [RunStatus], { nullable: true, description: 'STATUS: fire when a run reaches one of these.' })
  @IsOptional()
  @ArrayMaxSize(5)
  statuses?: RunStatus[];

  @Field(() => String, {
    nullable: true,
    description: 'THRESHOLD, DECLINE: a metric key, e.g. val/accuracy.',
  })
  @IsOptional()
  metric?: string;

  @Field(() => AlertComparator, {
    nullable: true,
    description: 'THRESHOLD: how the metric compares to value.',
  })
  @IsOptional()
  comparator?: AlertComparator;

  @Field(() => Float, { nullable: true, description: 'THRESHOLD: the threshold.' })
  @IsOptional()
  value?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'DECLINE: falling epochs in a row that fire (2 or more).',
  })
  @IsOptional()
  epochs?: number;
}

@InputType({
  description: `Changes to an alert rule; fields left out keep their value. ${ALERT_CONDITION_FIELDS}`,
})
export class UpdateAlertRuleInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(NAME_RULE, { message: NAME_MESSAGE })
  name?: string;

  @Field(() => AlertRuleKind, { nullable: true })
  @IsOptional()
  kind?: AlertRuleKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 2000)
  webhookUrl?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  enabled?: boolean;

  @Field(() => [RunStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  statuses?: RunStatus[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  metric?: string;

  @Field(() => AlertComparator, { nullable: true })
  @IsOptional()
  comparator?: AlertComparator;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  value?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  epochs?: number;
}
