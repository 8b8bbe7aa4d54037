import { formatValue, type AlertTrigger } from './rule-evaluation.js';

/** A Block Kit block, as Slack's incoming webhooks take it. */
export interface SlackBlock {
  type: string;
  block_id?: string;
  [field: string]: unknown;
}

/** A Slack message: `text` is the fallback (notifications, screen readers), `blocks` what is shown. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** What a message says about its run. */
export interface AlertRunContext {
  id: string;
  kind: string;
  strategyKind: string;
  datasetName: string;
  qualityProfileName: string | null;
  seed: number;
}

/** The dashboard's page of a run (apps/web/src/app/runs/[id]). */
export const runPageUrl = (dashboardUrl: string, runId: string) =>
  `${dashboardUrl.replace(/\/+$/, '')}/runs/${encodeURIComponent(runId)}`;

/** Slack's mrkdwn treats &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const field = (label: string, value: string) => ({
  type: 'mrkdwn',
  text: clip(`*${label}*\n${value}`, 2000),
});

const STATUS_EMOJI: Record<string, string> = {
  SUCCEEDED: ':white_check_mark:',
  FAILED: ':x:',
  CANCELLED: ':no_entry_sign:',
  RUNNING: ':arrow_forward:',
};

function whatHappened(trigger: AlertTrigger): string {
  return trigger.type === 'status' ? `is ${trigger.status}` : trigger.detail;
}

/** The message of a rule that fired for a run. */
export function alertMessage(input: {
  ruleName: string;
  run: AlertRunContext;
  trigger: AlertTrigger;
  dashboardUrl: string;
}): SlackMessage {
  const { ruleName, run, trigger } = input;
  const url = runPageUrl(input.dashboardUrl, run.id);
  const dataset = run.qualityProfileName ? `${run.datasetName} (${run.qualityProfileName})` : run.datasetName;
  const emoji =
    trigger.type === 'status' ? (STATUS_EMOJI[trigger.status] ?? ':bell:') : ':chart_with_downwards_trend:';
  const outcome =
    trigger.type === 'status'
      ? field('Status', trigger.status)
      : field(trigger.metric, `${formatValue(trigger.value)} at epoch ${trigger.epoch}`);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${ruleName}`, 150), emoji: true } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`${emoji} Run <${url}|${run.id}> ${escape(whatHappened(trigger))}`, 3000),
      },
      fields: [
        field('Run', `<${url}|${run.id}>`),
        field('Strategy', escape(run.strategyKind)),
        field('Dataset', escape(dataset)),
        outcome,
      ],
    },
  ];
  if (trigger.type === 'status' && trigger.error) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*Error*\n${escape(trigger.error)}`, 3000) },
    });
  }
  blocks.push(
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escape(`${run.kind} run, seed ${run.seed} · rule "${ruleName}"`) }],
    },
    {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open run' }, url }],
    },
  );
  return {
    text: clip(
      `${ruleName}: run ${run.id} (${run.strategyKind} on ${dataset}) ${whatHappened(trigger)} — ${url}`,
      3000,
    ),
    blocks,
  };
}

/** The message testAlertRule sends: proves the webhook works, about no run. */
export function testMessage(input: {
  ruleName: string;
  condition: string;
  dashboardUrl: string;
}): SlackMessage {
  const text = `Test message of driftboard alert rule "${input.ruleName}" (fires when ${input.condition}).`;
  return {
    text,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: clip(`${input.ruleName} (test)`, 150), emoji: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: clip(`:bell: ${escape(text)}`, 3000) } },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open dashboard' }, url: input.dashboardUrl },
        ],
      },
    ],
  };
}
