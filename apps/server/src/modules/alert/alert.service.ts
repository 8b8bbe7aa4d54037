import { randomUUID } from 'node:crypto';
import type { Access, ProjectDirectory } from '../access/access.js';
import { AccessError } from '../access/access.errors.js';
import type { AlertDispatcher } from './alert-dispatcher.js';
import { checkWebhookUrl, parseRuleCondition, type RuleConditionFields } from './alert-rule-input.js';
import { AlertError } from './alert.errors.js';
import type { AlertDeliveryRecord, AlertRepository, AlertRuleRecord } from './alert.repository.js';
import { describeCondition, type RuleCondition } from './rule-evaluation.js';
import { testMessage } from './slack-message.js';

export const MAX_DELIVERIES_PAGE = 500;

export interface NewAlertRuleRequest extends RuleConditionFields {
  name: string;
  projectId?: string | null;
  webhookUrl: string;
  enabled: boolean;
}

export type AlertRuleChange = Partial<Omit<NewAlertRuleRequest, 'projectId'>>;

/** A stored condition as input fields, so an update can change some of them. */
const fieldsOf = (condition: RuleCondition): RuleConditionFields => ({ ...condition });

export class AlertService {
  constructor(
    private readonly repository: AlertRepository,
    private readonly dispatcher: AlertDispatcher,
    private readonly projects: ProjectDirectory,
    private readonly options: { allowHttpWebhooks: boolean; dashboardUrl: string },
  ) {}

  /** Rules of the projects this token sees, or of one of them. */
  async list(access: Access, projectId?: string | null): Promise<AlertRuleRecord[]> {
    if (projectId) {
      if (!access.canSee(projectId)) throw AccessError.projectNotVisible(projectId);
      return this.repository.listRules([projectId]);
    }
    return this.repository.listRules(access.visibleProjectIds);
  }

  async create(access: Access, request: NewAlertRuleRequest): Promise<AlertRuleRecord> {
    const condition = parseRuleCondition(request);
    const webhookUrl = checkWebhookUrl(request.webhookUrl, this.options.allowHttpWebhooks);
    const projectId = await this.projects.projectForNewRow(access, request.projectId);
    const rule = await this.repository.createRule({
      projectId,
      name: request.name,
      condition,
      webhookUrl,
      enabled: request.enabled,
    });
    this.dispatcher.forgetRules(projectId);
    return rule;
  }

  /** Changes some fields; a new kind takes only its own condition fields, the others keep theirs. */
  async update(access: Access, id: string, change: AlertRuleChange): Promise<AlertRuleRecord> {
    const rule = await this.get(access, id);
    const defined = Object.fromEntries(
      Object.entries(change).filter(([, value]) => value !== undefined && value !== null),
    ) as AlertRuleChange;
    const kind = defined.kind ?? rule.condition.kind;
    const base = kind === rule.condition.kind ? fieldsOf(rule.condition) : { kind };
    const condition = parseRuleCondition({ ...base, ...defined, kind });
    const webhookUrl =
      defined.webhookUrl === undefined
        ? rule.webhookUrl
        : checkWebhookUrl(defined.webhookUrl, this.options.allowHttpWebhooks);
    const updated = await this.repository.updateRule(id, {
      name: defined.name ?? rule.name,
      condition,
      webhookUrl,
      enabled: defined.enabled ?? rule.enabled,
    });
    this.dispatcher.forgetRules(rule.projectId);
    if (!updated) throw AlertError.ruleNotFound(id);
    return updated;
  }

  async delete(access: Access, id: string): Promise<AlertRuleRecord> {
    const rule = await this.get(access, id);
    await this.repository.deleteRule(id);
    this.dispatcher.forgetRules(rule.projectId);
    return rule;
  }

  /** Posts a test message now; a failed post is retried like any other delivery. */
  async test(access: Access, id: string): Promise<AlertDeliveryRecord> {
    const rule = await this.get(access, id);
    const payload = testMessage({
      ruleName: rule.name,
      condition: describeCondition(rule.condition),
      dashboardUrl: this.options.dashboardUrl,
    });
    const delivery = await this.repository.insertDelivery({
      ruleId: rule.id,
      runId: null,
      triggerKey: `test:${randomUUID()}`,
      payload,
      leaseMs: 60_000,
    });
    if (!delivery) throw new Error('a test delivery with a fresh key already existed');
    return this.dispatcher.attempt(delivery, rule.webhookUrl);
  }

  async deliveries(
    access: Access,
    filter: { ruleId?: string | null; runId?: string | null; first: number },
  ): Promise<AlertDeliveryRecord[]> {
    if (!Number.isInteger(filter.first) || filter.first < 0 || filter.first > MAX_DELIVERIES_PAGE)
      throw AlertError.invalid(`first: 0 to ${MAX_DELIVERIES_PAGE}; got ${filter.first}`, 'first');
    if (filter.ruleId) await this.get(access, filter.ruleId);
    if (filter.first === 0) return [];
    return this.repository.listDeliveries({
      projectIds: access.visibleProjectIds,
      ruleId: filter.ruleId ?? undefined,
      runId: filter.runId ?? undefined,
      first: filter.first,
    });
  }

  /** A rule of a project this token sees; any other is NOT_FOUND, like one that does not exist. */
  async get(access: Access, id: string): Promise<AlertRuleRecord> {
    const rule = await this.repository.findRule(id);
    if (!rule || !access.canSee(rule.projectId)) throw AlertError.ruleNotFound(id);
    return rule;
  }
}
