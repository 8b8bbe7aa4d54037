import type { IncomingWebhookSendArguments } from '@slack/webhook';
import type { NameLookup, RunDetails } from './driftboard-api.js';

export type SlackBlock = NonNullable<IncomingWebhookSendArguments['blocks']>[number];

/** What gets posted: Block Kit blocks and the plain-text fallback notifications show. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const HEADLINE: Record<string, { emoji: string; verb: string }> = {
  SUCCEEDED: { emoji: ':white_check_mark:', verb: 'succeeded' },
  FAILED: { emoji: ':x:', verb: 'failed' },
  CANCELLED: { emoji: ':no_entry_sign:', verb: 'was cancelled' },
};

// Slack's limits: header text 150 characters, section text 3000, a field 2000.
const HEADER_MAX = 150;
const ERROR_MAX = 2500;

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const percent = (value: number | null) => (value === null ? undefined : `${(value * 100).toFixed(1)} %`);
const fixed = (value: number | null) => (value === null ? undefined : value.toFixed(3));

/** 1 h 02 min, 3 min 05 s, 42 s. */
export function formatDuration(ms: number | null): string | undefined {
  if (ms === null) return undefined;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** Slack mrkdwn treats &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const runPageUrl = (dashboardUrl: string, runId: string) =>
  `${dashboardUrl.replace(/\/+$/, '')}/runs/${encodeURIComponent(runId)}`;

function strategyLabel(run: RunDetails, names: NameLookup): string {
  const kind = typeof run.strategySpec.kind === 'string' ? run.strategySpec.kind : 'unknown';
  const saved = run.strategyId ? names.strategies.get(run.strategyId) : undefined;
  if (run.kind === 'PRETRAIN') return 'pretraining from scratch';
  return saved ? `${saved} (${kind})` : kind;
}

/**
 * The Slack message for a run that reached SUCCEEDED, FAILED or CANCELLED:
 * a header, the headline numbers as fields, the error of a failed run, and a
 * button to the run's page.
 */
export function runSummaryMessage(run: RunDetails, names: NameLookup, dashboardUrl: string): SlackMessage {
  const { emoji, verb } = HEADLINE[run.status] ?? {
    emoji: ':grey_question:',
    verb: run.status.toLowerCase(),
  };
  const url = runPageUrl(dashboardUrl, run.id);
  const shortId = run.id.slice(0, 8);
  const strategy = strategyLabel(run, names);
  const dataset = names.datasets.get(run.datasetId) ?? run.datasetId;
  const profile = run.qualityProfileId
    ? (names.qualityProfiles.get(run.qualityProfileId) ?? run.qualityProfileId)
    : undefined;
  const target = profile ? `${dataset} / ${profile}` : dataset;
  const sourceModel = run.sourceModelId
    ? (names.sourceModels.get(run.sourceModelId) ?? run.sourceModelId)
    : undefined;
  const accuracy = percent(run.summary.finalValAccuracy);
  const cleanAccuracy = percent(run.summary.finalValAccuracyClean);
  const cka = fixed(run.summary.finalCkaMean);
  const duration = formatDuration(run.summary.durationMs);

  const fields: [string, string | undefined][] = [
    ['Strategy', strategy],
    ['Dataset', target],
    ['Source model', sourceModel],
    ['Epochs', `${run.epochsCompleted} of ${run.epochs}`],
    ['Val accuracy', accuracy],
    ['Val accuracy (clean labels)', cleanAccuracy],
    ['Mean CKA to source', cka],
    ['Duration', duration],
  ];
  const shown = fields.filter((f): f is [string, string] => f[1] !== undefined);

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`Run ${shortId} ${verb}: ${strategy} on ${target}`, HEADER_MAX),
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${emoji} *<${url}|Run ${shortId}>* ${verb}.` },
      fields: shown.map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${escape(value)}` })),
    },
  ];
  if (run.status === 'FAILED' && run.error) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Error*\n\`\`\`${escape(truncate(run.error, ERROR_MAX))}\`\`\`` },
    });
  }
  blocks.push(
    {
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open run' }, url, action_id: 'open-run' },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: escape(
            [
              `run ${run.id}`,
              `seed ${run.seed}`,
              ...(run.tags.length ? [`tags: ${run.tags.join(', ')}`] : []),
            ].join(' · '),
          ),
        },
      ],
    },
  );

  const numbers = [
    accuracy && `val accuracy ${accuracy}`,
    cka && `mean CKA ${cka}`,
    run.status === 'FAILED' && run.error ? `error: ${truncate(run.error, 200)}` : undefined,
  ].filter(Boolean);
  const text = `Run ${shortId} ${verb}: ${strategy} on ${target}${numbers.length ? ` (${numbers.join(', ')})` : ''} ${url}`;
  return { text, blocks };
}
