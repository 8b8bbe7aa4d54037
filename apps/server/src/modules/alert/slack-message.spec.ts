import { describe, expect, it } from 'vitest';
import { alertMessage, runPageUrl, testMessage } from './slack-message.js';

const run = {
  id: '6d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  kind: 'FINETUNE',
  strategyKind: 'last-k',
  datasetName: 'mnist',
  qualityProfileName: 'noisy <30%>',
  seed: 7,
};
const DASHBOARD = 'http://127.0.0.1:3000/';
const URL = 'http://127.0.0.1:3000/runs/6d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

describe('alertMessage', () => {
  it('a status change: header, fields for run, strategy, dataset and status, the error, a link', () => {
    const message = alertMessage({
      ruleName: 'Failures',
      run,
      trigger: { type: 'status', key: 'status:FAILED', status: 'FAILED', error: 'NaN loss at epoch 3' },
      dashboardUrl: DASHBOARD,
    });
    expect(runPageUrl(DASHBOARD, run.id)).toBe(URL);
    expect(message.text).toBe(`Failures: run ${run.id} (last-k on mnist (noisy <30%>)) is FAILED — ${URL}`);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Failures', emoji: true },
    });
    const section = message.blocks[1] as { fields: { text: string }[]; text: { text: string } };
    expect(section.text.text).toBe(`:x: Run <${URL}|${run.id}> is FAILED`);
    expect(section.fields.map((f) => f.text)).toEqual([
      `*Run*\n<${URL}|${run.id}>`,
      '*Strategy*\nlast-k',
      '*Dataset*\nmnist (noisy &lt;30%&gt;)',
      '*Status*\nFAILED',
    ]);
    expect(JSON.stringify(message.blocks)).toContain('NaN loss at epoch 3');
    expect(message.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open run' }, url: URL }],
    });
  });

  it('a metric trigger names the metric, its value and the epoch', () => {
    const message = alertMessage({
      ruleName: 'CKA dropped',
      run: { ...run, qualityProfileName: null },
      trigger: {
        type: 'metric',
        key: 'threshold',
        metric: 'similarity/cka_mean',
        value: 0.73123,
        epoch: 2,
        detail: 'similarity/cka_mean = 0.7312 at epoch 2 (similarity/cka_mean < 0.8)',
      },
      dashboardUrl: DASHBOARD,
    });
    const section = message.blocks[1] as { fields: { text: string }[] };
    expect(section.fields[3].text).toBe('*similarity/cka_mean*\n0.7312 at epoch 2');
    expect(message.text).toContain('(last-k on mnist) similarity/cka_mean = 0.7312 at epoch 2');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
  });

  it('keeps the header within Slack’s 150 characters', () => {
    const message = testMessage({ ruleName: 'r'.repeat(200), condition: 'x', dashboardUrl: DASHBOARD });
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(150);
    expect(message.text).toMatch(/^Test message of driftboard alert rule/);
  });
});
