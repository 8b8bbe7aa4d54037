/** Dispatches argv to a command and returns its exit code; bad input throws CliUsageError. */
import { describeQuality } from '../datasets/quality-spec.js';
import { listDatasets } from '../datasets/registry.js';
import { finetuneSpec, pretrainSpec, type CliRun } from './build-spec.js';
import { CliUsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { COMMAND_NAMES, COMMANDS, isCommandName, type CommandName } from './command-definitions.js';
import { JsonLinesView, type EventView } from './event-view.js';
import { estimateNoiseEvidence } from './label-noise-evidence.js';
import { parseCommandArgs, requiredString, stringOption, type ParsedArgs } from './parse-args.js';
import { runPreview } from './preview-command.js';
import { HumanProgressView } from './render-progress.js';
import { runTraining } from './run-training.js';
import { formatTable } from './text-table.js';
import { commandUsage, generalUsage } from './usage.js';

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') return print(io, generalUsage());
  const name = commandName(first);
  const parsed = parseCommandArgs(COMMANDS[name], rest);
  if (parsed.help) return print(io, commandUsage(name));
  switch (name) {
    case 'help':
      return print(
        io,
        parsed.positionals.length > 0 ? commandUsage(commandName(parsed.positionals[0])) : generalUsage(),
      );
    case 'datasets':
      return printDatasets(io, parsed.values.has('json'));
    case 'pretrain': {
      const run = await pretrainSpec(parsed);
      const title = `pretrain ${requiredString(parsed, 'arch')} on ${run.spec.dataset}, saving to ${run.spec.saveTo}`;
      return runTraining(run, io, view(io, parsed, run, title));
    }
    case 'finetune': {
      const run = await finetuneSpec(parsed);
      const save = stringOption(parsed, 'save');
      const title =
        `finetune ${requiredString(parsed, 'source')} on ${requiredString(parsed, 'dataset')}` +
        (run.quality ? ` (${describeQuality(run.quality)})` : '') +
        (save ? `, saving to ${save}` : '');
      if (run.requestedKind === 'auto' && run.spec.evidence?.labelNoiseRate === undefined) {
        const { rate, line } = await estimateNoiseEvidence(run.spec);
        if (rate !== undefined) run.spec.evidence = { ...run.spec.evidence, labelNoiseRate: rate };
        if (!parsed.values.has('json')) io.stdout.write(`${line}\n`);
      }
      return runTraining(run, io, view(io, parsed, run, title));
    }
    case 'preview':
      return runPreview(parsed, io);
  }
}

function commandName(word: string | undefined): CommandName {
  const commands = COMMAND_NAMES.join(', ');
  if (word === undefined) {
    throw new CliUsageError(`a command is required: ${commands} (see driftboard-train --help)`);
  }
  if (word.startsWith('-')) {
    throw new CliUsageError(`${word} is not a command; options go after one of: ${commands}`);
  }
  if (!isCommandName(word))
    throw new CliUsageError(`unknown command ${JSON.stringify(word)}; commands: ${commands}`);
  return word;
}

function view(io: CliIo, parsed: ParsedArgs, run: CliRun, title: string): EventView {
  if (parsed.values.has('json')) return new JsonLinesView(io.stdout);
  return new HumanProgressView(io.stdout, {
    title,
    requestedKind: run.requestedKind,
    saveTo: run.spec.saveTo,
  });
}

function printDatasets(io: CliIo, json: boolean): number {
  const datasets = listDatasets();
  if (json) {
    io.stdout.write(datasets.map((info) => `${JSON.stringify(info)}\n`).join(''));
    return 0;
  }
  const rows = datasets.map((info) => [
    info.name,
    info.modality,
    info.inputShape.join('×') + (info.inputDtype === 'int32' ? ' tokens' : ''),
    String(info.classNames.length),
    String(info.size),
    info.classNames.join(', '),
  ]);
  const table = formatTable(rows, {
    header: ['name', 'modality', 'input shape', 'classes', 'size', 'class names'],
    align: ['left', 'left', 'left', 'right', 'right', 'left'],
  });
  return print(io, table.join('\n'));
}

function print(io: CliIo, text: string): number {
  io.stdout.write(`${text}\n`);
  return 0;
}
