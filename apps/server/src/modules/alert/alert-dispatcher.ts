import { IncomingWebhook } from '@slack/webhook';
import type { EventBus, RunBusEvent, Unsubscribe } from '../../bus/event-bus.js';
import type { Logger } from '../../logger.js';
import { maskWebhookUrl } from './alert-rule-input.js';
import type { AlertDeliveryRecord, AlertRepository, AlertRuleRecord } from './alert.repository.js';
import {
  declineTrigger,
  metricValue,
  statusTrigger,
  thresholdTrigger,
  type AlertTrigger,
} from './rule-evaluation.js';
import { alertMessage, type SlackMessage } from './slack-message.js';

export interface AlertDispatcherOptions {
  /** Links in messages: `${dashboardUrl}/runs/<id>`. */
  dashboardUrl: string;
  /** How often to look for deliveries due a retry. */
  pollIntervalMs?: number;
  /** First retry after this; each later one waits twice as long. */
  retryBaseMs?: number;
  /** Attempts before a delivery is FAILED. */
  maxAttempts?: number;
  /** One POST to Slack gives up after this. */
  sendTimeoutMs?: number;
  /** A claimed attempt that has not reported back by then (its server died) is due again. */
  leaseMs?: number;
  /** Rules of a project are read at most this often per server (changes made here apply at once). */
  ruleCacheMs?: number;
  /** Events waiting beyond this are dropped (with a warning) rather than growing memory without end. */
  maxQueuedEvents?: number;
}

const DEFAULTS = {
  pollIntervalMs: 1000,
  retryBaseMs: 2000,
  maxAttempts: 5,
  sendTimeoutMs: 5000,
  leaseMs: 60_000,
  ruleCacheMs: 5000,
  maxQueuedEvents: 10_000,
};

/** Exponential back-off: the wait after failed attempt n (1-based) is base · 2^(n−1). */
export const retryDelayMs = (attempt: number, baseMs: number) => baseMs * 2 ** (attempt - 1);

/**
 * Turns run events into Slack messages on an API server. The bus callback
 * only queues the event: rules are evaluated and messages posted off it, so
 * alerts never slow the relay to subscriptions (or training), and every
 * error is logged here rather than thrown.
 *
 * Exactly once across API servers: each server evaluates every event, but a
 * message is sent only by the server whose INSERT of the delivery row
 * (unique per rule, run and trigger) succeeded. Failed posts are retried
 * with back-off by a poller that claims due rows with FOR UPDATE SKIP
 * LOCKED, so each retry, too, happens on one server.
 */
export class AlertDispatcher {
  private readonly options: Required<AlertDispatcherOptions>;
  private readonly events: RunBusEvent[] = [];
  private readonly ruleCache = new Map<string, { rules: AlertRuleRecord[]; until: number }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private unsubscribe: Unsubscribe | undefined;
  private draining: Promise<void> | undefined;
  private drainRunning = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly repository: AlertRepository,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: AlertDispatcherOptions,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = await this.bus.subscribe('run-event', (event) => this.enqueue(event));
    this.schedulePoll();
  }

  /** Stops listening and polling, then waits for the evaluations and posts under way. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.pollTimer);
    await this.unsubscribe?.().catch(() => undefined);
    await Promise.allSettled([this.polling, this.draining, ...this.inFlight]);
  }

  /** Forgets a project's cached rules, after a rule of it changed on this server. */
  forgetRules(projectId: string): void {
    this.ruleCache.delete(projectId);
  }

  /** Posts a delivery once, now, and records the outcome (testAlertRule; the poller retries failures). */
  async attempt(delivery: AlertDeliveryRecord, webhookUrl: string): Promise<AlertDeliveryRecord> {
    const attempt = delivery.attempts + 1;
    let outcome: Parameters<AlertRepository['recordAttempt']>[2];
    try {
      await this.post(webhookUrl, delivery.payload);
      outcome = { sent: true };
      this.logger.info(
        { deliveryId: delivery.id, ruleId: delivery.ruleId, runId: delivery.runId },
        'alert sent',
      );
    } catch (error) {
      const message = describeSendError(error, webhookUrl);
      const retryAt =
        attempt >= this.options.maxAttempts
          ? null
          : new Date(Date.now() + retryDelayMs(attempt, this.options.retryBaseMs));
      outcome = { sent: false, error: message, retryAt };
      this.logger.warn(
        { deliveryId: delivery.id, ruleId: delivery.ruleId, attempt, retryAt, error: message },
        retryAt ? 'alert not sent; will retry' : 'alert not sent; giving up',
      );
    }
    return (await this.repository.recordAttempt(delivery.id, delivery.attempts, outcome)) ?? delivery;
  }

  private async post(webhookUrl: string, message: SlackMessage): Promise<void> {
    const webhook = new IncomingWebhook(webhookUrl, { timeout: this.options.sendTimeoutMs });
    await webhook.send({ text: message.text, blocks: message.blocks });
  }

  private enqueue(event: RunBusEvent): void {
    if (this.stopped || event.kind === 'log') return;
    if (this.events.length >= this.options.maxQueuedEvents) {
      const dropped = this.events.shift()!;
      this.logger.warn({ runId: dropped.runId }, 'alert queue full; dropped the oldest run event');
    }
    this.events.push(event);
    if (!this.drainRunning) {
      this.drainRunning = true;
      this.draining = this.drain();
    }
  }

  /** One event at a time, in bus order, so a run's epochs are judged in order. */
  private async drain(): Promise<void> {
    while (this.events.length > 0 && !this.stopped) {
      const event = this.events.shift()!;
      try {
        await this.handle(event);
      } catch (error) {
        this.logger.error(
          { err: error, runId: event.runId },
          'could not evaluate alert rules for a run event',
        );
      }
    }
    this.drainRunning = false;
  }

  private async handle(event: RunBusEvent): Promise<void> {
    const rules = await this.rulesOf(event.projectId);
    if (rules.length === 0) return;
    const fired: { rule: AlertRuleRecord; trigger: AlertTrigger }[] = [];
    for (const rule of rules) {
      const trigger = await this.evaluate(rule, event);
      if (trigger) fired.push({ rule, trigger });
    }
    if (fired.length === 0) return;
    const run = await this.repository.runContext(event.runId);
    if (!run) return; // deleted meanwhile
    for (const { rule, trigger } of fired) {
      const payload = alertMessage({
        ruleName: rule.name,
        run,
        trigger,
        dashboardUrl: this.options.dashboardUrl,
      });
      const delivery = await this.repository.insertDelivery({
        ruleId: rule.id,
        runId: run.id,
        triggerKey: trigger.key,
        payload,
        leaseMs: this.options.leaseMs,
      });
      // Undefined: this rule already fired for this run (here or on another server).
      if (delivery) this.track(this.attempt(delivery, rule.webhookUrl));
      else
        this.logger.debug({ ruleId: rule.id, runId: run.id, trigger: trigger.key }, 'alert already recorded');
    }
  }

  private async evaluate(rule: AlertRuleRecord, event: RunBusEvent): Promise<AlertTrigger | undefined> {
    const { condition } = rule;
    if (event.kind === 'status') return statusTrigger(condition, event);
    if (event.kind !== 'epoch') return undefined;
    if (condition.kind === 'THRESHOLD') return thresholdTrigger(condition, event);
    if (condition.kind !== 'DECLINE') return undefined;
    const value = metricValue(event.metrics, condition.metric);
    if (value === undefined) return undefined;
    const before = await this.repository.metricBefore(
      event.runId,
      condition.metric,
      event.epoch,
      condition.epochs,
    );
    return declineTrigger(condition, [...before, { epoch: event.epoch, value }]);
  }

  private async rulesOf(projectId: string): Promise<AlertRuleRecord[]> {
    const now = Date.now();
    const cached = this.ruleCache.get(projectId);
    if (cached && cached.until > now) return cached.rules;
    const rules = await this.repository.enabledRules(projectId);
    this.ruleCache.set(projectId, { rules, until: now + this.options.ruleCacheMs });
    return rules;
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not record an alert delivery'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedulePoll();
      });
    }, this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  /** Retries (and deliveries orphaned by a server that died mid-post) that are due. */
  private async poll(): Promise<void> {
    try {
      const due = await this.repository.claimDue(20, this.options.leaseMs);
      await Promise.all(
        due.map((delivery) => {
          const work = this.attempt(delivery, delivery.webhookUrl);
          this.track(work);
          return work.catch(() => undefined);
        }),
      );
    } catch (error) {
      if (!this.stopped) this.logger.error({ err: error }, 'could not poll for alert retries');
    }
  }
}

/** Why a post failed, without the webhook URL (a secret) in it. */
function describeSendError(error: unknown, webhookUrl: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(webhookUrl).join(maskWebhookUrl(webhookUrl)).slice(0, 500);
}
