import { describe, expect, it } from 'vitest';
import type { NameLookup, RunDetails } from './driftboard-api.js';
import { formatDuration, runSummaryMessage, type SlackMessage } from './run-summary.js';

const RUN_ID = '7028ab4f-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const DASHBOARD = 'http://127.0.0.1:3000/';

const names: NameLookup = {
  datasets: new Map([['ds-1', 'mnist']]),
  sourceModels: new Map([['sm-1', 'digits']]),
  qualityProfiles: new Map([['qp-1', 'noisy-40']]),
  strategies: new Map([['st-1', 'top block + GCE']]),
};

function run(overrides: Partial<RunDetails> = {}): RunDetails {
  return {
    id: RUN_ID,
    kind: 'FINETUNE',
    status: 'SUCCEEDED',
    datasetId: 'ds-1',
    sourceModelId: 'sm-1',
    qualityProfileId: 'qp-1',
    strategyId: null,
    strategySpec: { kind: 'last-k', k: 1 },
    seed: 3,
    epochs: 4,
    epochsCompleted: 4,
    error: null,
    tags: ['nightly'],
    startedAt: '2025-01-31T12:00:00.000Z',
    finishedAt: '2025-01-31T12:03:05.000Z',
    summary: {
      finalValAccuracy: 0.75,
      finalValAccuracyClean: 0.9125,
      finalCkaMean: 0.98372,
      durationMs: 185_000,
    },
    ...overrides,
  };
}

/** Every field of every section, as label → value. */
function fields(message: SlackMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const block of message.blocks) {
    if (block.type !== 'section' || !('fields' in block)) continue;
    for (const field of block.fields ?? []) {
      const [label, value] = field.text.split('\n');
      result[label.replace(/\*/g, '')] = value;
    }
  }
  return result;
}

const blockTypes = (message: SlackMessage) => message.blocks.map((b) => b.type);
const buttonUrl = (message: SlackMessage) => {
  const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { url?: string }[] };
  return actions.elements[0].url;
};

describe('runSummaryMessage', () => {
  it('a succeeded run: header, the headline numbers as fields, a button to the run page, a text fallback', () => {
    const message = runSummaryMessage(run(), names, DASHBOARD);

    expect(blockTypes(message)).toEqual(['header', 'section', 'actions', 'context']);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Run 7028ab4f succeeded: last-k on mnist / noisy-40' },
    });
    expect(fields(message)).toEqual({
      Strategy: 'last-k',
      Dataset: 'mnist / noisy-40',
      'Source model': 'digits',
      Epochs: '4 of 4',
      'Val accuracy': '75.0 %',
      'Val accuracy (clean labels)': '91.3 %',
      'Mean CKA to source': '0.984',
      Duration: '3 min 05 s',
    });
    expect(buttonUrl(message)).toBe(`http://127.0.0.1:3000/runs/${RUN_ID}`);
    expect(message.text).toBe(
      `Run 7028ab4f succeeded: last-k on mnist / noisy-40 (val accuracy 75.0 %, mean CKA 0.984) ` +
        `http://127.0.0.1:3000/runs/${RUN_ID}`,
    );
    expect(JSON.stringify(message.blocks)).toContain('nightly');
  });

  it('a failed run shows its error, escaped for mrkdwn, and leaves out numbers it never reached', () => {
    const message = runSummaryMessage(
      run({
        status: 'FAILED',
        epochsCompleted: 0,
        error: 'the model has no block "conv9" <see spec>',
        summary: {
          finalValAccuracy: null,
          finalValAccuracyClean: null,
          finalCkaMean: null,
          durationMs: 1200,
        },
      }),
      names,
      DASHBOARD,
    );

    expect(blockTypes(message)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect((message.blocks[0] as { text: { text: string } }).text.text).toMatch(/^Run 7028ab4f failed:/);
    expect(fields(message)).toEqual({
      Strategy: 'last-k',
      Dataset: 'mnist / noisy-40',
      'Source model': 'digits',
      Epochs: '0 of 4',
      Duration: '1 s',
    });
    const error = message.blocks[2] as { text: { text: string } };
    expect(error.text.text).toBe('*Error*\n```the model has no block "conv9" &lt;see spec&gt;```');
    expect(message.text).toContain('error: the model has no block "conv9" <see spec>');
  });

  it('a cancelled run says so; a saved strategy is named; a run without a profile shows the dataset alone', () => {
    const message = runSummaryMessage(
      run({ status: 'CANCELLED', strategyId: 'st-1', qualityProfileId: null, epochsCompleted: 2, tags: [] }),
      names,
      'https://driftboard.example.com',
    );

    expect(blockTypes(message)).toEqual(['header', 'section', 'actions', 'context']);
    expect((message.blocks[0] as { text: { text: string } }).text.text).toBe(
      'Run 7028ab4f was cancelled: top block + GCE (last-k) on mnist',
    );
    expect(fields(message)).toMatchObject({
      Strategy: 'top block + GCE (last-k)',
      Dataset: 'mnist',
      Epochs: '2 of 4',
    });
    expect(buttonUrl(message)).toBe(`https://driftboard.example.com/runs/${RUN_ID}`);
    expect(message.text).toMatch(/^Run 7028ab4f was cancelled: /);
  });

  it('keeps within Slack limits: header ≤ 150 characters, at most 10 fields', () => {
    const message = runSummaryMessage(
      run({ status: 'FAILED', strategySpec: { kind: 'x'.repeat(400) }, error: 'e'.repeat(10_000) }),
      names,
      DASHBOARD,
    );
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(Object.keys(fields(message)).length).toBeLessThanOrEqual(10);
    const error = message.blocks[2] as { text: { text: string } };
    expect(error.text.text.length).toBeLessThanOrEqual(3000);
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBeUndefined();
  });
});
