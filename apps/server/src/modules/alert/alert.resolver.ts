import {
  AlertComparator,
  AlertDelivery,
  AlertDeliveryStatus,
  AlertRule,
  AlertRuleKind,
  CreateAlertRuleInput,
  Role,
  RunStatus,
  UpdateAlertRuleInput,
} from '@driftboard/schema';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../access/request-context.js';
import { maskWebhookUrl } from './alert-rule-input.js';
import type { AlertDeliveryRecord, AlertRuleRecord } from './alert.repository.js';
import type { AlertService } from './alert.service.js';
import { describeCondition } from './rule-evaluation.js';

const toAlertRule = (rule: AlertRuleRecord): AlertRule => {
  const { condition } = rule;
  return {
    id: rule.id,
    projectId: rule.projectId,
    name: rule.name,
    kind: condition.kind as AlertRuleKind,
    condition: describeCondition(condition),
    statuses: condition.kind === 'STATUS' ? (condition.statuses as RunStatus[]) : null,
    metric: condition.kind === 'STATUS' ? null : condition.metric,
    comparator: condition.kind === 'THRESHOLD' ? (condition.comparator as AlertComparator) : null,
    value: condition.kind === 'THRESHOLD' ? condition.value : null,
    epochs: condition.kind === 'DECLINE' ? condition.epochs : null,
    webhookUrl: maskWebhookUrl(rule.webhookUrl),
    enabled: rule.enabled,
    createdAt: rule.createdAt,
  };
};

const toAlertDelivery = (delivery: AlertDeliveryRecord): AlertDelivery => ({
  id: delivery.id,
  ruleId: delivery.ruleId,
  runId: delivery.runId,
  trigger: delivery.triggerKey,
  status: delivery.status as AlertDeliveryStatus,
  attempts: delivery.attempts,
  lastError: delivery.lastError,
  text: delivery.payload.text,
  createdAt: delivery.createdAt,
  nextAttemptAt: delivery.status === 'PENDING' ? delivery.nextAttemptAt : null,
  sentAt: delivery.sentAt,
});

@Resolver()
export class AlertResolver {
  constructor(private readonly service: AlertService) {}

  @Query(() => [AlertRule], { description: "Alert rules of this token's projects, or of one of them." })
  async alertRules(
    @Ctx() { access }: RequestContext,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string | null,
  ): Promise<AlertRule[]> {
    return (await this.service.list(access, projectId)).map(toAlertRule);
  }

  @Query(() => [AlertDelivery], { description: 'Messages of alert rules, newest first.' })
  async alertDeliveries(
    @Ctx() { access }: RequestContext,
    @Arg('ruleId', () => ID, { nullable: true }) ruleId?: string | null,
    @Arg('runId', () => ID, { nullable: true }) runId?: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
  ): Promise<AlertDelivery[]> {
    return (await this.service.deliveries(access, { ruleId, runId, first })).map(toAlertDelivery);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => AlertRule, { description: 'Creates an alert rule; it applies to events from now on.' })
  async createAlertRule(
    @Ctx() { access }: RequestContext,
    @Arg('input', () => CreateAlertRuleInput) input: CreateAlertRuleInput,
  ): Promise<AlertRule> {
    return toAlertRule(await this.service.create(access, { ...input }));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => AlertRule, { description: 'Changes an alert rule (enable or disable it with `enabled`).' })
  async updateAlertRule(
    @Ctx() { access }: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateAlertRuleInput) input: UpdateAlertRuleInput,
  ): Promise<AlertRule> {
    return toAlertRule(await this.service.update(access, id, { ...input }));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => AlertRule, { description: 'Deletes an alert rule and its delivery history.' })
  async deleteAlertRule(
    @Ctx() { access }: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<AlertRule> {
    return toAlertRule(await this.service.delete(access, id));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => AlertDelivery, {
    description: 'Posts a test message to the rule’s webhook now; a failed post is retried like any alert.',
  })
  async testAlertRule(
    @Ctx() { access }: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<AlertDelivery> {
    return toAlertDelivery(await this.service.test(access, id));
  }
}
