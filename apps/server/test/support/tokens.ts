import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVER_DIST } from './processes.js';

const execFileAsync = promisify(execFile);

/** The built `npm run token` command. */
export const TOKEN_COMMAND = `${SERVER_DIST}tools/token-command.js`;

/**
 * Creates a token with the CLI, as the first admin does (it migrates an empty
 * database first), and returns its secret and what the command printed.
 */
export async function createTokenWithCli(
  databaseUrl: string,
  args: string[],
): Promise<{ secret: string; stdout: string }> {
  const { stdout } = await execFileAsync(process.execPath, [TOKEN_COMMAND, 'create', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
  });
  const secret = /\b(dbt_[A-Za-z0-9_-]{43})\b/.exec(stdout)?.[1];
  if (!secret) throw new Error(`no secret in the token command's output: ${stdout}`);
  return { secret, stdout };
}
