/**
 * What each command accepts, declared once: the parser checks arguments against
 * it and the help text is printed from it, so the two cannot disagree.
 */
import { ARCHITECTURE_NAMES } from '../models/model-manifest.js';
import { DEFAULT_STRATEGY } from '../strategies/strategy-spec.js';

export const COMMAND_NAMES = ['pretrain', 'finetune', 'datasets', 'help', 'preview'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface OptionDefinition {
  /** The long name, without `--`. */
  name: string;
  type: 'string' | 'boolean';
  /** What the value is, for usage lines (`--dataset NAME`). */
  placeholder?: string;
  required?: boolean;
  description: string;
}

export interface CommandDefinition {
  name: CommandName;
  summary: string;
  /** Positional arguments after the command, for the usage line. */
  positionals?: string;
  options: OptionDefinition[];
}

const json: OptionDefinition = {
  name: 'json',
  type: 'boolean',
  description: 'print one JSON object per line on stdout and nothing else',
};
const dataset: OptionDefinition = {
  name: 'dataset',
  type: 'string',
  placeholder: 'NAME|PATH',
  required: true,
  description:
    'a registered dataset (see `driftboard-train datasets`), or a CSV/JSONL file or a folder of PNG/WAV class folders to import',
};
const limit: OptionDefinition = {
  name: 'limit',
  type: 'string',
  placeholder: 'N',
  description: 'keep at most N training examples',
};
const seed: OptionDefinition = {
  name: 'seed',
  type: 'string',
  placeholder: 'N',
  description: 'seeds the data split and order, new weights and dropout (default 0)',
};
const quality: OptionDefinition = {
  name: 'quality',
  type: 'string',
  placeholder: 'SPEC',
  description: 'quality profile as JSON text or a path to a JSON file (fields below)',
};

export const COMMANDS: Record<CommandName, CommandDefinition> = {
  pretrain: {
    name: 'pretrain',
    summary: 'train a source model from scratch on a dataset and save it',
    options: [
      dataset,
      {
        name: 'arch',
        type: 'string',
        placeholder: 'ARCH',
        required: true,
        description: `architecture: ${ARCHITECTURE_NAMES.join(', ')} (cnn-ref is the benchmark's reference CNN)`,
      },
      { name: 'epochs', type: 'string', placeholder: 'N', required: true, description: 'epochs to train' },
      {
        name: 'out',
        type: 'string',
        placeholder: 'DIR',
        required: true,
        description: 'folder to save the model in (model.json + weights.bin)',
      },
      limit,
      seed,
      {
        name: 'batch-size',
        type: 'string',
        placeholder: 'N',
        description: `examples per step (default ${DEFAULT_STRATEGY.batchSize})`,
      },
      {
        name: 'lr',
        type: 'string',
        placeholder: 'X',
        description: `learning rate, > 0 (default ${DEFAULT_STRATEGY.learningRate})`,
      },
      json,
    ],
  },
  finetune: {
    name: 'finetune',
    summary: 'fine-tune a saved model on a dataset with a strategy',
    options: [
      {
        name: 'source',
        type: 'string',
        placeholder: 'DIR',
        required: true,
        description: 'folder of the model to start from (holds model.json)',
      },
      dataset,
      {
        name: 'strategy',
        type: 'string',
        placeholder: 'SPEC',
        required: true,
        description: 'strategy as JSON text or a path to a JSON file (fields below)',
      },
      {
        name: 'epochs',
        type: 'string',
        placeholder: 'N',
        description: "overrides the strategy's epochs",
      },
      quality,
      limit,
      seed,
      {
        name: 'checkpoint',
        type: 'string',
        placeholder: 'DIR',
        description: 'write a checkpoint every epoch; rerunning the same command resumes from it',
      },
      { name: 'save', type: 'string', placeholder: 'DIR', description: 'save the fine-tuned model here' },
      json,
    ],
  },
  datasets: {
    name: 'datasets',
    summary: 'list the datasets you can train on',
    options: [{ ...json, description: 'print one JSON object per dataset per line' }],
  },
  preview: {
    name: 'preview',
    summary: 'render training examples before and after a quality profile',
    options: [
      dataset,
      { ...quality, required: true },
      {
        name: 'out',
        type: 'string',
        placeholder: 'FILE',
        description: 'FILE.png for images and audio (required); FILE.txt for text (also printed)',
      },
      { name: 'count', type: 'string', placeholder: 'N', description: 'examples to show (default 8)' },
      { ...seed, description: 'seeds the data split (default 0); the profile has its own seed' },
    ],
  },
  help: {
    name: 'help',
    summary: "show this help, or a command's with `help <command>`",
    positionals: '[command]',
    options: [],
  },
};

/** Every command takes `--help` / `-h`; it is not listed per command. */
export const HELP_OPTION: OptionDefinition = { name: 'help', type: 'boolean', description: 'show usage' };

export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}
