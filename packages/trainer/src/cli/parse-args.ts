/**
 * Turns a command's arguments into checked values. `node:util` parseArgs does the
 * tokenising; the checks are ours because its strict-mode errors are multi-line
 * and do not list what is allowed.
 */
import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-error.js';
import { HELP_OPTION, type CommandDefinition, type OptionDefinition } from './command-definitions.js';

export interface ParsedArgs {
  /** Long option name → its value (`true` for flags); absent when not given. */
  values: Map<string, string | true>;
  positionals: string[];
  help: boolean;
}

/**
 * Parses `args` (everything after the command name) against `command`.
 * Required options are only enforced when `--help` is absent, so
 * `pretrain --help` works on its own.
 */
export function parseCommandArgs(command: CommandDefinition, args: string[]): ParsedArgs {
  const definitions = [...command.options, HELP_OPTION];
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const { tokens } = parseArgs({
    args,
    options: Object.fromEntries(
      definitions.map((d) => [d.name, d.name === 'help' ? { type: d.type, short: 'h' } : { type: d.type }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    const definition = byName.get(token.name);
    if (!definition) {
      throw new CliUsageError(
        `unknown option ${token.rawName} for ${command.name}; allowed: ${definitions.map((d) => `--${d.name}`).join(', ')}`,
      );
    }
    values.set(definition.name, optionValue(definition, token.rawName, token.value, token.inlineValue));
  }
  const help = values.has('help');
  const allowed = command.positionals ? 1 : 0;
  if (!help && positionals.length > allowed) {
    const extra = positionals.slice(allowed).map((p) => JSON.stringify(p));
    throw new CliUsageError(
      allowed === 0
        ? `${command.name} takes no arguments, only options; got ${extra.join(' ')}`
        : `${command.name} takes at most ${allowed} argument; got also ${extra.join(' ')}`,
    );
  }
  if (!help) requireOptions(command, values);
  return { values, positionals, help };
}

function optionValue(
  definition: OptionDefinition,
  rawName: string,
  value: string | undefined,
  inlineValue: boolean | undefined,
): string | true {
  if (definition.type === 'boolean') {
    if (value !== undefined) throw new CliUsageError(`${rawName} takes no value; got ${rawName}=${value}`);
    return true;
  }
  // Non-strict parseArgs takes the next argument whatever it is; an option name
  // there means the value was forgotten, while `--lr -0.1` is a (bad) number.
  const looksLikeOption = value !== undefined && !inlineValue && /^-(?![\d.])/.test(value);
  if (value === undefined || value === '' || looksLikeOption) {
    throw new CliUsageError(
      `--${definition.name} needs a ${definition.placeholder ?? 'value'}: ${definition.description}` +
        (looksLikeOption ? `; got the option ${value} instead` : ''),
    );
  }
  return value;
}

function requireOptions(command: CommandDefinition, values: Map<string, string | true>): void {
  const missing = command.options.filter((d) => d.required && !values.has(d.name));
  if (missing.length === 1) {
    throw new CliUsageError(`--${missing[0].name} is required: ${missing[0].description}`);
  }
  if (missing.length > 1) {
    const names = missing.map((d) => `--${d.name}`);
    throw new CliUsageError(
      `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are required (see driftboard-train ${command.name} --help)`,
    );
  }
}

/** A string option's value, or undefined when it was not given. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** A string option that `parseCommandArgs` has already made sure is present. */
export function requiredString(parsed: ParsedArgs, name: string): string {
  const value = stringOption(parsed, name);
  if (value === undefined) throw new CliUsageError(`--${name} is required`);
  return value;
}

/** A whole-number option ≥ `min`, or undefined when it was not given. */
export function wholeNumberOption(parsed: ParsedArgs, name: string, min: number): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new CliUsageError(`--${name} must be a whole number ≥ ${min}; got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A number option > 0, or undefined when it was not given. */
export function positiveNumberOption(parsed: ParsedArgs, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new CliUsageError(
      `--${name} must be a number greater than 0 (e.g. 0.001); got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
