/**
 * Help text. Option lists come from the command definitions and every strategy
 * default and allowed value from the strategies module, so the help cannot
 * drift from what the parser and the trainer accept.
 */
import { BACKEND_PREFERENCE } from '../backend/select-backend.js';
import {
  DEFAULT_STRATEGY,
  EARLY_STOPPING_METRICS,
  LOSSES,
  OPTIMIZERS,
  parseStrategy,
  STRATEGY_KINDS,
  type StrategyKind,
  type StrategySpec,
} from '../strategies/strategy-spec.js';
import { COMMAND_NAMES, COMMANDS, HELP_OPTION, type CommandName } from './command-definitions.js';
import { qualityReference } from './quality-option.js';
import { formatTable } from './text-table.js';

const PROGRAM = 'driftboard-train';

const EXIT_CODES = [
  ['0', 'finished (completed or early-stopped)'],
  ['1', 'training failed while running'],
  ['2', 'bad input: the message says what is wrong and what is allowed'],
  ['130', 'cancelled with Ctrl-C (the finished event still reports the completed epochs)'],
];

// Typed against StrategySpec so a new strategy field fails to compile until it is documented here.
const STRATEGY_FIELDS: Record<keyof StrategySpec, string> = {
  kind: `one of ${STRATEGY_KINDS.join(', ')}`,
  k: 'last-k: blocks below the head to tune (the head always trains)',
  blocks: 'surgical: names of the blocks to tune',
  probeEpochs: 'lp-ft: linear-probe epochs before full fine-tuning (default a third of epochs, ≥ 1)',
  optimizer: OPTIMIZERS.join(', '),
  learningRate: "the head's learning rate, > 0",
  layerDecay: 'each block below the head learns this many times slower, ≥ 1',
  weightDecay: 'L2 weight decay (decoupled for adamw), ≥ 0',
  momentum: 'sgd momentum, in [0, 1)',
  dropout: "dropout on the head's input, in [0, 1)",
  l2sp: 'pull tuned blocks toward the source (alpha) and shrink a new head (beta)',
  loss: LOSSES.join(', '),
  labelSmoothing: 'label-smoothing: epsilon, in [0, 1)',
  gceQ: 'gce: q, in (0, 1]',
  sceAlpha: 'sce: weight of cross-entropy',
  sceBeta: 'sce: weight of reverse cross-entropy',
  epochs: 'epochs to train, ≥ 1',
  batchSize: 'examples per step, ≥ 1',
  earlyStopping:
    `{"patience", "metric": ${EARLY_STOPPING_METRICS.map((m) => `"${m}"`).join(' | ')}, "minDelta"}; ` +
    // Asking the parser for an empty rule's defaults keeps them in one place.
    `given as {}: ${JSON.stringify(parseStrategy({ kind: 'full', earlyStopping: {} }).earlyStopping)}`,
};

const STRATEGY_KIND_SUMMARIES: Record<StrategyKind, string> = {
  full: 'tune every block',
  'last-k': 'tune the k blocks below the head, and the head',
  surgical: 'tune the named blocks, and the head',
  'linear-probe': 'tune only the head',
  'lp-ft': 'tune the head for probeEpochs, then every block',
  'gradual-unfreeze': 'the head in epoch 1, then one more block each epoch',
  auto: 'choose from the data (noisy labels, few examples per class)',
};

function fieldDefault(field: keyof StrategySpec): string {
  if (field === 'kind') return '(required)';
  if (field === 'probeEpochs') return 'epochs/3';
  if (field === 'earlyStopping') return 'off';
  return JSON.stringify(DEFAULT_STRATEGY[field]);
}

/** The overview: commands, exit codes, environment. */
export function generalUsage(): string {
  const commands = COMMAND_NAMES.map((name) => [name, COMMANDS[name].summary]);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Fine-tune a source model on a target dataset and watch how similar it stays.',
    '',
    'Commands:',
    ...indent(formatTable(commands)),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options.`,
    '',
    ...exitCodesAndEnvironment(),
  ].join('\n');
}

/** One command's usage line and options; `finetune` adds the strategy reference. */
export function commandUsage(name: CommandName): string {
  const command = COMMANDS[name];
  if (name === 'help') return generalUsage();
  const required = command.options
    .filter((o) => o.required)
    .map((o) => `--${o.name} ${o.placeholder}`)
    .join(' ');
  const options = [...command.options, HELP_OPTION].map((o) => [
    `--${o.name}${o.placeholder ? ` ${o.placeholder}` : ''}`,
    o.required ? 'required' : '',
    o.description,
  ]);
  const lines = [
    `Usage: ${PROGRAM} ${name}${required ? ` ${required}` : ''} [options]`,
    '',
    `${capitalise(command.summary)}.`,
    '',
    'Options:',
    ...indent(formatTable(options)),
  ];
  if (name === 'finetune') lines.push('', ...strategyReference());
  if (name === 'finetune' || name === 'preview') lines.push('', ...qualityReference());
  if (name === 'pretrain' || name === 'finetune') lines.push('', ...exitCodesAndEnvironment());
  return lines.join('\n');
}

function strategyReference(): string[] {
  const kinds = STRATEGY_KINDS.map((kind) => [kind, STRATEGY_KIND_SUMMARIES[kind]]);
  const fields = (Object.keys(STRATEGY_FIELDS) as (keyof StrategySpec)[]).map((field) => [
    field,
    fieldDefault(field),
    STRATEGY_FIELDS[field],
  ]);
  return [
    `Strategy (SPEC): a JSON object; only "kind" is required, so '{"kind":"full"}' is complete.`,
    `  e.g. --strategy '{"kind":"last-k","k":2,"loss":"gce"}'  or  --strategy strategy.json`,
    '',
    'Kinds:',
    ...indent(formatTable(kinds)),
    '',
    'Fields (name, default, meaning):',
    ...indent(formatTable(fields)),
  ];
}

function exitCodesAndEnvironment(): string[] {
  return [
    'Exit codes:',
    ...indent(formatTable(EXIT_CODES)),
    '',
    'Environment:',
    ...indent(
      formatTable([
        [
          'DRIFTBOARD_BACKEND',
          `force a tfjs backend: ${BACKEND_PREFERENCE.join(', ')} (default: best that loads)`,
        ],
      ]),
    ),
  ];
}

function indent(lines: string[]): string[] {
  return lines.map((line) => `  ${line}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
