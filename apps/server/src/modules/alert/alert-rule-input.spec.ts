import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, maskWebhookUrl, parseRuleCondition } from './alert-rule-input.js';

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd';

describe('parseRuleCondition', () => {
  it('keeps each kind’s own fields', () => {
    expect(parseRuleCondition({ kind: 'STATUS', statuses: ['FAILED', 'FAILED', 'SUCCEEDED'] })).toEqual({
      kind: 'STATUS',
      statuses: ['FAILED', 'SUCCEEDED'],
    });
    expect(
      parseRuleCondition({ kind: 'THRESHOLD', metric: 'similarity/cka_mean', comparator: 'LT', value: 0.8 }),
    ).toEqual({ kind: 'THRESHOLD', metric: 'similarity/cka_mean', comparator: 'LT', value: 0.8 });
    expect(parseRuleCondition({ kind: 'DECLINE', metric: 'val/accuracy_clean', epochs: 3 })).toEqual({
      kind: 'DECLINE',
      metric: 'val/accuracy_clean',
      epochs: 3,
    });
  });

  it('says which fields a kind needs or does not take', () => {
    expect(() => parseRuleCondition({ kind: 'THRESHOLD', metric: 'val/loss', value: 1 })).toThrow(
      'a THRESHOLD rule needs metric, comparator, value; missing comparator',
    );
    expect(() => parseRuleCondition({ kind: 'STATUS', statuses: ['FAILED'], epochs: 3 })).toThrow(
      'a STATUS rule takes only statuses; remove epochs',
    );
  });

  it('refuses an unknown metric form, a text metric, QUEUED and too few DECLINE epochs', () => {
    expect(() => parseRuleCondition({ kind: 'DECLINE', metric: 'accuracy', epochs: 3 })).toThrow(
      /metric: a metric key is train\/…, val\/…, similarity\/… or system\/… .*got "accuracy"/,
    );
    expect(() =>
      parseRuleCondition({ kind: 'THRESHOLD', metric: 'system/backend', comparator: 'GT', value: 1 }),
    ).toThrow('system/backend is text');
    expect(() => parseRuleCondition({ kind: 'STATUS', statuses: ['QUEUED'] })).toThrow(
      /cannot fire on QUEUED/,
    );
    expect(() => parseRuleCondition({ kind: 'STATUS', statuses: [] })).toThrow(
      /name at least one of RUNNING/,
    );
    expect(() => parseRuleCondition({ kind: 'DECLINE', metric: 'val/loss', epochs: 1 })).toThrow(
      'epochs: a DECLINE rule fires after 2 to 100 falling epochs in a row; got 1',
    );
  });
});

describe('checkWebhookUrl', () => {
  it('takes https URLs', () => {
    expect(checkWebhookUrl(SLACK, false)).toBe(SLACK);
  });

  it('takes http to this machine only when allowed', () => {
    expect(checkWebhookUrl('http://127.0.0.1:5555/hook', true)).toBe('http://127.0.0.1:5555/hook');
    expect(checkWebhookUrl('http://localhost:5555/hook', true)).toBe('http://localhost:5555/hook');
    expect(() => checkWebhookUrl('http://127.0.0.1:5555/hook', false)).toThrow(
      /DRIFTBOARD_ALLOW_HTTP_WEBHOOKS=1/,
    );
    expect(() => checkWebhookUrl('http://hooks.example.com/x', true)).toThrow(
      /must be an https URL, got http/,
    );
  });

  it('refuses what is not a URL, without repeating it', () => {
    expect(() => checkWebhookUrl('hooks.slack.com/services/secret', false)).toThrow(
      /^webhookUrl is not a URL;/,
    );
    expect(() => checkWebhookUrl('hooks.slack.com/services/secret', false)).not.toThrow(/secret/);
  });
});

describe('maskWebhookUrl', () => {
  it('shows the host, the first path segments and the last 4 characters', () => {
    expect(maskWebhookUrl(SLACK)).toBe('https://hooks.slack.com/services/T000/…abcd');
    expect(maskWebhookUrl(SLACK)).not.toContain('XXXX');
    expect(maskWebhookUrl('http://127.0.0.1:5555/hook/abcdefgh')).toBe('http://127.0.0.1:5555/hook/…efgh');
  });
});
