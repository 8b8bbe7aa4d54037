import type { RunStatusName } from '../../bus/event-bus.js';

/**
 * When an alert rule fires, as pure functions of a run's events: the
 * dispatcher feeds them bus events (and, for DECLINE, the metric's earlier
 * epochs), and stores what they return under its trigger key.
 */
export type Comparator = 'LT' | 'LTE' | 'GT' | 'GTE';

export type RuleCondition =
  | { kind: 'STATUS'; statuses: RunStatusName[] }
  | { kind: 'THRESHOLD'; metric: string; comparator: Comparator; value: number }
  | { kind: 'DECLINE'; metric: string; epochs: number };

/** What made a rule fire; `key` makes it fire once per run (STATUS: once per status). */
export type AlertTrigger =
  | { type: 'status'; key: string; status: RunStatusName; error: string | null }
  | { type: 'metric'; key: string; metric: string; value: number; epoch: number; detail: string };

export interface MetricPoint {
  epoch: number;
  value: number;
}

const SYMBOL: Record<Comparator, string> = { LT: '<', LTE: '<=', GT: '>', GTE: '>=' };

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case 'LT':
      return value < threshold;
    case 'LTE':
      return value <= threshold;
    case 'GT':
      return value > threshold;
    case 'GTE':
      return value >= threshold;
  }
}

/** The condition in words, e.g. `similarity/cka_mean < 0.8`. */
export function describeCondition(condition: RuleCondition): string {
  switch (condition.kind) {
    case 'STATUS':
      return `run status becomes ${condition.statuses.join(' or ')}`;
    case 'THRESHOLD':
      return `${condition.metric} ${SYMBOL[condition.comparator]} ${condition.value}`;
    case 'DECLINE':
      return `${condition.metric} falls ${condition.epochs} epochs in a row`;
  }
}

export function statusTrigger(
  condition: RuleCondition,
  event: { status: RunStatusName; error: string | null },
): AlertTrigger | undefined {
  if (condition.kind !== 'STATUS' || !condition.statuses.includes(event.status)) return undefined;
  return { type: 'status', key: `status:${event.status}`, status: event.status, error: event.error };
}

/** The epoch's value of the rule's metric, when it reported one. */
export function metricValue(metrics: Record<string, number | string>, metric: string): number | undefined {
  const value = metrics[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function thresholdTrigger(
  condition: RuleCondition,
  event: { epoch: number; metrics: Record<string, number | string> },
): AlertTrigger | undefined {
  if (condition.kind !== 'THRESHOLD') return undefined;
  const value = metricValue(event.metrics, condition.metric);
  if (value === undefined || !compare(value, condition.comparator, condition.value)) return undefined;
  return {
    type: 'metric',
    key: 'threshold',
    metric: condition.metric,
    value,
    epoch: event.epoch,
    detail: `${condition.metric} = ${formatValue(value)} at epoch ${event.epoch} (${describeCondition(condition)})`,
  };
}

/**
 * DECLINE fires when the metric was strictly lower than the epoch before it
 * `epochs` times in a row, ending at the latest point. `series` is the
 * metric's points in epoch order, the latest last; a gap in the epochs (a
 * missing value) breaks the run of declines.
 */
export function declineTrigger(condition: RuleCondition, series: MetricPoint[]): AlertTrigger | undefined {
  if (condition.kind !== 'DECLINE' || series.length < condition.epochs + 1) return undefined;
  const window = series.slice(-(condition.epochs + 1));
  for (let i = 1; i < window.length; i++) {
    const [previous, current] = [window[i - 1], window[i]];
    if (current.epoch !== previous.epoch + 1 || !(current.value < previous.value)) return undefined;
  }
  const first = window[0];
  const last = window[window.length - 1];
  return {
    type: 'metric',
    key: 'decline',
    metric: condition.metric,
    value: last.value,
    epoch: last.epoch,
    detail:
      `${condition.metric} fell ${condition.epochs} epochs in a row: ` +
      `${formatValue(first.value)} at epoch ${first.epoch} → ${formatValue(last.value)} at epoch ${last.epoch}`,
  };
}

/** Four significant digits: enough to read a metric, short enough for a chat message. */
export const formatValue = (value: number): string => String(Number(value.toPrecision(4)));
