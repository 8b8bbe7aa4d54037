/**
 * `driftboard-train`: pretrain a source model, fine-tune it with a strategy,
 * list datasets. `bin/driftboard-train.js` calls `main`; tests call it in-process.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CliUsageError, errorLine } from './cli-error.js';
import { processIo, type CliIo } from './cli-io.js';
import { runCommand } from './commands.js';

export type { CliIo, CliStream } from './cli-io.js';

/**
 * Runs one command and resolves to its exit code: 0 done, 1 training failed
 * while running, 2 bad input (one line on stderr saying what is wrong and what
 * is allowed), 130 cancelled with Ctrl-C.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    io.stderr.write(errorLine(error instanceof Error ? error.message : String(error)));
    return error instanceof CliUsageError ? 2 : 1;
  }
}

// The root `npm start` runs this file directly rather than through bin/.
if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}
