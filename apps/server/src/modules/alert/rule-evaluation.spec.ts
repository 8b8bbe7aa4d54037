import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './alert-dispatcher.js';
import {
  compare,
  declineTrigger,
  describeCondition,
  statusTrigger,
  thresholdTrigger,
  type RuleCondition,
} from './rule-evaluation.js';

const status: RuleCondition = { kind: 'STATUS', statuses: ['FAILED', 'SUCCEEDED'] };
const lowCka: RuleCondition = {
  kind: 'THRESHOLD',
  metric: 'similarity/cka_mean',
  comparator: 'LT',
  value: 0.8,
};
const decline3: RuleCondition = { kind: 'DECLINE', metric: 'val/accuracy_clean', epochs: 3 };
const series = (...values: number[]) => values.map((value, i) => ({ epoch: i + 1, value }));

describe('statusTrigger', () => {
  it('fires on a listed status, keyed by the status so each fires once per run', () => {
    expect(statusTrigger(status, { status: 'FAILED', error: 'out of memory' })).toEqual({
      type: 'status',
      key: 'status:FAILED',
      status: 'FAILED',
      error: 'out of memory',
    });
    expect(statusTrigger(status, { status: 'SUCCEEDED', error: null })?.key).toBe('status:SUCCEEDED');
  });

  it('ignores other statuses and rules of other kinds', () => {
    expect(statusTrigger(status, { status: 'RUNNING', error: null })).toBeUndefined();
    expect(statusTrigger(lowCka, { status: 'FAILED', error: null })).toBeUndefined();
  });
});

describe('thresholdTrigger', () => {
  it('fires when the epoch’s value meets the condition', () => {
    const trigger = thresholdTrigger(lowCka, { epoch: 2, metrics: { 'similarity/cka_mean': 0.7312345 } });
    expect(trigger).toMatchObject({
      type: 'metric',
      key: 'threshold',
      metric: 'similarity/cka_mean',
      epoch: 2,
    });
    expect(trigger?.type === 'metric' && trigger.detail).toBe(
      'similarity/cka_mean = 0.7312 at epoch 2 (similarity/cka_mean < 0.8)',
    );
  });

  it('does not fire when the condition fails, the metric is missing or is text', () => {
    expect(thresholdTrigger(lowCka, { epoch: 1, metrics: { 'similarity/cka_mean': 0.8 } })).toBeUndefined();
    expect(thresholdTrigger(lowCka, { epoch: 1, metrics: { 'val/loss': 0.1 } })).toBeUndefined();
    const onText: RuleCondition = { kind: 'THRESHOLD', metric: 'system/backend', comparator: 'GT', value: 0 };
    expect(thresholdTrigger(onText, { epoch: 1, metrics: { 'system/backend': 'wasm' } })).toBeUndefined();
  });

  it('compares with each comparator, boundaries included only by LTE and GTE', () => {
    expect([compare(1, 'LT', 1), compare(1, 'LTE', 1), compare(1, 'GT', 1), compare(1, 'GTE', 1)]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect([
      compare(0.5, 'LT', 1),
      compare(2, 'GT', 1),
      compare(2, 'LTE', 1),
      compare(0.5, 'GTE', 1),
    ]).toEqual([true, true, false, false]);
  });
});

describe('declineTrigger', () => {
  it('fires after N epochs each strictly lower than the one before', () => {
    const trigger = declineTrigger(decline3, series(0.9, 0.8, 0.7, 0.6));
    expect(trigger).toMatchObject({ key: 'decline', value: 0.6, epoch: 4 });
    expect(trigger?.type === 'metric' && trigger.detail).toBe(
      'val/accuracy_clean fell 3 epochs in a row: 0.9 at epoch 1 → 0.6 at epoch 4',
    );
  });

  it('looks only at the latest N+1 points', () => {
    expect(declineTrigger(decline3, series(0.1, 0.95, 0.9, 0.8, 0.7))?.epoch).toBe(5);
  });

  it('needs N declines, not N points', () => {
    expect(declineTrigger(decline3, series(0.9, 0.8, 0.7))).toBeUndefined();
  });

  it('does not count a flat epoch or a rise as a decline', () => {
    expect(declineTrigger(decline3, series(0.9, 0.8, 0.8, 0.7))).toBeUndefined();
    expect(declineTrigger(decline3, series(0.9, 0.8, 0.85, 0.7))).toBeUndefined();
  });

  it('does not bridge a missing epoch', () => {
    const gap = [
      { epoch: 1, value: 0.9 },
      { epoch: 2, value: 0.8 },
      { epoch: 4, value: 0.7 },
      { epoch: 5, value: 0.6 },
    ];
    expect(declineTrigger(decline3, gap)).toBeUndefined();
  });
});

describe('describeCondition', () => {
  it('says each kind in words', () => {
    expect(describeCondition(status)).toBe('run status becomes FAILED or SUCCEEDED');
    expect(describeCondition(lowCka)).toBe('similarity/cka_mean < 0.8');
    expect(describeCondition(decline3)).toBe('val/accuracy_clean falls 3 epochs in a row');
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base: 2 s, 4 s, 8 s, 16 s', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 2000))).toEqual([2000, 4000, 8000, 16000]);
  });
});
