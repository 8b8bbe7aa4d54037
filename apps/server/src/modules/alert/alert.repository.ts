import { In, type DataSource } from 'typeorm';
import type { RunStatusName } from '../../bus/event-bus.js';
import { isUuid } from '../../database/uuid.js';
import { AlertDeliveryEntity, AlertRuleEntity } from './alert.entity.js';
import type { MetricPoint, RuleCondition } from './rule-evaluation.js';
import type { AlertRunContext, SlackMessage } from './slack-message.js';

export interface AlertRuleRecord {
  id: string;
  projectId: string;
  name: string;
  condition: RuleCondition;
  /** The full URL: a secret, never returned by the API. */
  webhookUrl: string;
  enabled: boolean;
  createdAt: Date;
}

export type NewAlertRule = Omit<AlertRuleRecord, 'id' | 'createdAt'>;

export type DeliveryStatus = 'PENDING' | 'SENT' | 'FAILED';

export interface AlertDeliveryRecord {
  id: string;
  ruleId: string;
  runId: string | null;
  triggerKey: string;
  payload: SlackMessage;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A delivery claimed for an attempt, with where to post it. */
export interface ClaimedDelivery extends AlertDeliveryRecord {
  webhookUrl: string;
}

function toRule(entity: AlertRuleEntity): AlertRuleRecord {
  return {
    id: entity.id,
    projectId: entity.projectId,
    name: entity.name,
    condition: { ...entity.condition, kind: entity.kind } as RuleCondition,
    webhookUrl: entity.webhookUrl,
    enabled: entity.enabled,
    createdAt: entity.createdAt,
  };
}

function toDelivery(entity: AlertDeliveryEntity): AlertDeliveryRecord {
  return {
    id: entity.id,
    ruleId: entity.ruleId,
    runId: entity.runId,
    triggerKey: entity.triggerKey,
    payload: entity.payload as unknown as SlackMessage,
    status: entity.status as DeliveryStatus,
    attempts: entity.attempts,
    nextAttemptAt: entity.nextAttemptAt,
    lastError: entity.lastError,
    createdAt: entity.createdAt,
    sentAt: entity.sentAt,
  };
}

interface DeliveryRow {
  id: string;
  rule_id: string;
  run_id: string | null;
  trigger_key: string;
  payload: SlackMessage;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const DELIVERY_COLUMNS = `d.id, d.rule_id, d.run_id, d.trigger_key, d.payload, d.status, d.attempts,
  d.next_attempt_at, d.last_error, d.created_at, d.sent_at`;

const fromRow = (row: DeliveryRow): AlertDeliveryRecord => ({
  id: row.id,
  ruleId: row.rule_id,
  runId: row.run_id,
  triggerKey: row.trigger_key,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

const conditionColumn = ({ kind: _kind, ...fields }: RuleCondition) => fields as Record<string, unknown>;

export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rules() {
    return this.dataSource.getRepository(AlertRuleEntity);
  }

  private get deliveries() {
    return this.dataSource.getRepository(AlertDeliveryEntity);
  }

  /** Rules of these projects (null: every project), oldest first. */
  async listRules(projectIds: readonly string[] | null): Promise<AlertRuleRecord[]> {
    if (projectIds !== null && projectIds.length === 0) return [];
    const where = projectIds === null ? {} : { projectId: In([...projectIds]) };
    return (await this.rules.find({ where, order: { createdAt: 'ASC', id: 'ASC' } })).map(toRule);
  }

  async enabledRules(projectId: string): Promise<AlertRuleRecord[]> {
    return (await this.rules.find({ where: { projectId, enabled: true }, order: { createdAt: 'ASC' } })).map(
      toRule,
    );
  }

  async findRule(id: string): Promise<AlertRuleRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.rules.findOneBy({ id });
    return entity ? toRule(entity) : undefined;
  }

  async createRule(rule: NewAlertRule): Promise<AlertRuleRecord> {
    const entity = this.rules.create({
      projectId: rule.projectId,
      name: rule.name,
      kind: rule.condition.kind,
      condition: conditionColumn(rule.condition),
      webhookUrl: rule.webhookUrl,
      enabled: rule.enabled,
    });
    return toRule(await this.rules.save(entity));
  }

  /**
   * Saves a rule's new form. Disabling it also drops its deliveries still
   * waiting for a retry (FAILED, saying why): a user who turns a rule off
   * expects no more messages from it.
   */
  async updateRule(
    id: string,
    change: Pick<AlertRuleRecord, 'name' | 'condition' | 'webhookUrl' | 'enabled'>,
  ): Promise<AlertRuleRecord | undefined> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE alert_rule SET name = $2, kind = $3, condition = $4, webhook_url = $5, enabled = $6 WHERE id = $1`,
        [
          id,
          change.name,
          change.condition.kind,
          conditionColumn(change.condition),
          change.webhookUrl,
          change.enabled,
        ],
      );
      if (!change.enabled) {
        await manager.query(
          `UPDATE alert_delivery
              SET status = 'FAILED', next_attempt_at = NULL,
                  last_error = coalesce(last_error || '; ', '') || 'the rule was disabled before this was sent'
            WHERE rule_id = $1 AND status = 'PENDING'`,
          [id],
        );
      }
    });
    return this.findRule(id);
  }

  async deleteRule(id: string): Promise<void> {
    await this.rules.delete({ id });
  }

  /** The metric's values of a run before `epoch`, the latest `limit`, in epoch order. */
  async metricBefore(runId: string, key: string, epoch: number, limit: number): Promise<MetricPoint[]> {
    const rows = (await this.dataSource.query(
      `SELECT epoch, value FROM metric WHERE run_id = $1 AND key = $2 AND epoch < $3
        ORDER BY epoch DESC LIMIT $4`,
      [runId, key, epoch, limit],
    )) as { epoch: number; value: number }[];
    return rows.reverse().map((row) => ({ epoch: row.epoch, value: Number(row.value) }));
  }

  /** What an alert message says about a run; undefined once the run is gone. */
  async runContext(runId: string): Promise<(AlertRunContext & { status: RunStatusName }) | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.kind, r.status, r.strategy_kind, r.seed, d.name AS dataset_name, q.name AS profile_name
         FROM run r
         JOIN dataset d ON d.id = r.dataset_id
         LEFT JOIN quality_profile q ON q.id = r.quality_profile_id
        WHERE r.id = $1`,
      [runId],
    )) as {
      id: string;
      kind: string;
      status: RunStatusName;
      strategy_kind: string;
      seed: number;
      dataset_name: string;
      profile_name: string | null;
    }[];
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      strategyKind: row.strategy_kind,
      seed: row.seed,
      datasetName: row.dataset_name,
      qualityProfileName: row.profile_name,
    };
  }

  /**
   * Records that a rule fired, unless a delivery for the same rule, run and
   * trigger exists (another API server saw the same event first): undefined
   * then. The row is born claimed — due only after `leaseMs` — because the
   * caller posts it at once; if that caller dies, pollers retry it later.
   */
  async insertDelivery(delivery: {
    ruleId: string;
    runId: string | null;
    triggerKey: string;
    payload: SlackMessage;
    leaseMs: number;
  }): Promise<AlertDeliveryRecord | undefined> {
    const rows = (await this.dataSource.query(
      `INSERT INTO alert_delivery AS d (rule_id, run_id, trigger_key, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (rule_id, run_id, trigger_key) DO NOTHING
       RETURNING ${DELIVERY_COLUMNS}`,
      [delivery.ruleId, delivery.runId, delivery.triggerKey, delivery.payload, delivery.leaseMs / 1000],
    )) as DeliveryRow[];
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /**
   * Claims up to `limit` PENDING deliveries whose attempt is due by pushing
   * their due time `leaseMs` ahead. SKIP LOCKED lets several API servers poll
   * at once: each due row goes to exactly one of them.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM alert_delivery
          WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE alert_delivery d SET next_attempt_at = now() + make_interval(secs => $2)
         FROM due, alert_rule r
        WHERE d.id = due.id AND r.id = d.rule_id
       RETURNING ${DELIVERY_COLUMNS}, r.webhook_url`,
      [limit, leaseMs / 1000],
    )) as [(DeliveryRow & { webhook_url: string })[], number];
    return rows[0].map((row) => ({ ...fromRow(row), webhookUrl: row.webhook_url }));
  }

  /**
   * Records one attempt's outcome. Guarded by the attempt count it started
   * from, so an attempt whose lease ran out (and was retried elsewhere) cannot
   * overwrite a later one.
   */
  async recordAttempt(
    id: string,
    attemptsBefore: number,
    outcome: { sent: true } | { sent: false; error: string; retryAt: Date | null },
  ): Promise<AlertDeliveryRecord | undefined> {
    if (outcome.sent) {
      await this.dataSource.query(
        `UPDATE alert_delivery
            SET status = 'SENT', attempts = attempts + 1, sent_at = now(), next_attempt_at = NULL
          WHERE id = $1 AND status = 'PENDING' AND attempts = $2`,
        [id, attemptsBefore],
      );
    } else {
      await this.dataSource.query(
        `UPDATE alert_delivery
            SET status = CASE WHEN $4::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                attempts = attempts + 1, last_error = $3, next_attempt_at = $4::timestamptz
          WHERE id = $1 AND status = 'PENDING' AND attempts = $2`,
        [id, attemptsBefore, outcome.error, outcome.retryAt],
      );
    }
    return this.findDelivery(id);
  }

  async findDelivery(id: string): Promise<AlertDeliveryRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.deliveries.findOneBy({ id });
    return entity ? toDelivery(entity) : undefined;
  }

  /** Deliveries of rules in these projects (null: every project), newest first. */
  async listDeliveries(filter: {
    projectIds: readonly string[] | null;
    ruleId?: string;
    runId?: string;
    first: number;
  }): Promise<AlertDeliveryRecord[]> {
    if ([filter.ruleId, filter.runId].some((id) => id !== undefined && !isUuid(id))) return [];
    const conditions: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.projectIds !== null) add('r.project_id = ANY(?::uuid[])', [...filter.projectIds]);
    if (filter.ruleId !== undefined) add('d.rule_id = ?', filter.ruleId);
    if (filter.runId !== undefined) add('d.run_id = ?', filter.runId);
    values.push(filter.first);
    const rows = (await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS}
         FROM alert_delivery d JOIN alert_rule r ON r.id = d.rule_id
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY d.created_at DESC, d.id
        LIMIT $${values.length}`,
      values,
    )) as DeliveryRow[];
    return rows.map(fromRow);
  }
}
