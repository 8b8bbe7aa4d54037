import type { RunStatusName } from '../../bus/event-bus.js';
import { AlertError } from './alert.errors.js';
import type { Comparator, RuleCondition } from './rule-evaluation.js';

/** The condition fields of createAlertRule / updateAlertRule, as they arrive. */
export interface RuleConditionFields {
  kind: RuleCondition['kind'];
  statuses?: RunStatusName[] | null;
  metric?: string | null;
  comparator?: Comparator | null;
  value?: number | null;
  epochs?: number | null;
}

const FIRING_STATUSES: RunStatusName[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const FIELDS_OF: Record<RuleCondition['kind'], (keyof RuleConditionFields)[]> = {
  STATUS: ['statuses'],
  THRESHOLD: ['metric', 'comparator', 'value'],
  DECLINE: ['metric', 'epochs'],
};
export const MAX_DECLINE_EPOCHS = 100;
const METRIC_KEY = /^(train|val|similarity|system)\/[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}$/;
/** Metrics that are text, not numbers, so no threshold applies. */
const TEXT_METRICS = new Set(['system/backend']);

/** Checks a rule's condition fields for its kind and returns the condition to store. */
export function parseRuleCondition(fields: RuleConditionFields): RuleCondition {
  const present = (Object.keys(FIELDS_OF) as RuleCondition['kind'][])
    .flatMap((kind) => FIELDS_OF[kind])
    .filter((field, i, all) => all.indexOf(field) === i && fields[field] != null);
  const stray = present.filter((field) => !FIELDS_OF[fields.kind].includes(field));
  if (stray.length) {
    throw AlertError.invalid(
      `a ${fields.kind} rule takes only ${FIELDS_OF[fields.kind].join(', ')}; remove ${stray.join(', ')}`,
      stray[0],
    );
  }
  const missing = FIELDS_OF[fields.kind].filter((field) => fields[field] == null);
  if (missing.length) {
    throw AlertError.invalid(
      `a ${fields.kind} rule needs ${FIELDS_OF[fields.kind].join(', ')}; missing ${missing.join(', ')}`,
      missing[0],
    );
  }
  switch (fields.kind) {
    case 'STATUS':
      return { kind: 'STATUS', statuses: parseStatuses(fields.statuses!) };
    case 'THRESHOLD':
      return {
        kind: 'THRESHOLD',
        metric: parseMetric(fields.metric!),
        comparator: fields.comparator!,
        value: fields.value!,
      };
    case 'DECLINE':
      if (!Number.isInteger(fields.epochs) || fields.epochs! < 2 || fields.epochs! > MAX_DECLINE_EPOCHS) {
        throw AlertError.invalid(
          `epochs: a DECLINE rule fires after 2 to ${MAX_DECLINE_EPOCHS} falling epochs in a row; got ${fields.epochs}`,
          'epochs',
        );
      }
      return { kind: 'DECLINE', metric: parseMetric(fields.metric!), epochs: fields.epochs! };
  }
}

function parseStatuses(statuses: RunStatusName[]): RunStatusName[] {
  if (statuses.length === 0)
    throw AlertError.invalid(`statuses: name at least one of ${FIRING_STATUSES.join(', ')}`, 'statuses');
  const refused = statuses.filter((status) => !FIRING_STATUSES.includes(status));
  if (refused.length) {
    throw AlertError.invalid(
      `statuses: runs start QUEUED, so a rule cannot fire on ${refused.join(', ')}; use ${FIRING_STATUSES.join(', ')}`,
      'statuses',
    );
  }
  return [...new Set(statuses)];
}

function parseMetric(metric: string): string {
  if (!METRIC_KEY.test(metric)) {
    throw AlertError.invalid(
      'metric: a metric key is train/…, val/…, similarity/… or system/… ' +
        `(e.g. val/accuracy_clean, similarity/cka_mean); got "${metric.slice(0, 60)}"`,
      'metric',
    );
  }
  if (TEXT_METRICS.has(metric)) throw AlertError.invalid(`metric: ${metric} is text, not a number`, 'metric');
  return metric;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A webhook must be https (Slack's are https://hooks.slack.com/services/…);
 * plain http to this machine is allowed only when the server says so (tests'
 * stand-in for Slack). The URL is a secret, so messages never repeat it.
 */
export function checkWebhookUrl(raw: string, allowLocalHttp: boolean): string {
  const example = 'a Slack incoming webhook looks like https://hooks.slack.com/services/T…/B…/…';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw AlertError.invalid(`webhookUrl is not a URL; ${example}`, 'webhookUrl');
  }
  if (url.username || url.password)
    throw AlertError.invalid('webhookUrl must not carry a user name or password', 'webhookUrl');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) {
    if (allowLocalHttp) return url.toString();
    throw AlertError.invalid(
      'webhookUrl must be https; http://127.0.0.1 and http://localhost are allowed only when the server ' +
        'runs with DRIFTBOARD_ALLOW_HTTP_WEBHOOKS=1',
      'webhookUrl',
    );
  }
  throw AlertError.invalid(
    `webhookUrl must be an https URL, got ${url.protocol.replace(':', '')}; ${example}`,
    'webhookUrl',
  );
}

/**
 * The webhook as the API shows it: scheme, host and the first path segments,
 * then only the last 4 characters — `https://hooks.slack.com/services/T000/…abcd`.
 */
export function maskWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '…';
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const kept = segments.slice(0, Math.min(2, segments.length - 1));
  const tail = raw.length > 12 ? raw.slice(-4) : '';
  return `${url.origin}/${kept.map((s) => `${s}/`).join('')}…${tail}`;
}
