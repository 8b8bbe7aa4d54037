import { parseArgs } from 'node:util';
import { Role } from '@driftboard/schema';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/database.js';
import {
  embeddedDatabasePort,
  embeddedDatabaseUrl,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '../database/embedded-database.js';
import { createLogger } from '../logger.js';
import { AccessError } from '../modules/access/access.errors.js';
import { AccessRepository } from '../modules/access/access.repository.js';
import { AccessService } from '../modules/access/access.service.js';

const USAGE = `usage: npm run token -- <command>

  create --role viewer|editor|admin [--name NAME] [--project NAME_OR_ID ...]
                     creates a token and prints its secret (shown once; only a hash is kept)
  list               every token: id, name, role, projects, last use, revoked
  revoke ID          revokes a token
  project NAME       creates a project

Uses DATABASE_URL, or the embedded PostgreSQL of \`npm start\` when it is unset.`;

class UsageError extends Error {}

/** DATABASE_URL, else the embedded database `npm start` uses: the running one, or started here. */
async function databaseUrl(): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  const config = loadConfig();
  if (config.databaseUrl) return { url: config.databaseUrl };
  const port = embeddedDatabasePort();
  const url = embeddedDatabaseUrl(port);
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url };
  } catch {
    const embedded = await startEmbeddedDatabase(config.dataDir, port, createLogger('token', 'warn'));
    return { url: embedded.url, embedded };
  }
}

function parseRole(raw: string | undefined): Role {
  const role = raw?.toUpperCase();
  if (role === Role.VIEWER || role === Role.EDITOR || role === Role.ADMIN) return role;
  throw new UsageError(
    `--role must be viewer, editor or admin, got ${raw === undefined ? 'nothing' : `"${raw}"`}`,
  );
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      project: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, argument] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!['create', 'list', 'revoke', 'project'].includes(command))
    throw new UsageError(`unknown command "${command}"`);
  if ((command === 'revoke' || command === 'project') && !argument)
    throw new UsageError(`${command} needs ${command === 'revoke' ? 'a token id' : 'a project name'}`);
  const role = command === 'create' ? parseRole(values.role) : undefined;

  const { url, embedded } = await databaseUrl();
  const database = await openDatabase(url, createLogger('token', 'warn'), { poolSize: 2 });
  try {
    const service = new AccessService(new AccessRepository(database.dataSource));
    if (command === 'create') {
      const { token, secret } = await service.createToken({
        name: values.name ?? `${role!.toLowerCase()} token`,
        role: role!,
        projectIds: values.project ?? [],
      });
      process.stdout.write(
        `created ${token.role} token "${token.name}" (id ${token.id})\n\n  ${secret}\n\n` +
          'Keep it now: it is not stored and cannot be shown again. Send it as `Authorization: Bearer <token>`.\n',
      );
    } else if (command === 'list') {
      const projects = new Map((await service.allProjects()).map((p) => [p.id, p.name]));
      for (const token of await service.tokens()) {
        const scope =
          token.role === Role.ADMIN
            ? 'all projects'
            : token.projectIds.map((id) => projects.get(id) ?? id).join(', ');
        const state = token.revokedAt
          ? `revoked ${token.revokedAt.toISOString()}`
          : `last used ${token.lastUsedAt?.toISOString() ?? 'never'}`;
        process.stdout.write(
          `${token.id}  ${token.prefix}…  ${token.role.padEnd(6)}  ${token.name}  [${scope}]  ${state}\n`,
        );
      }
    } else if (command === 'revoke') {
      const token = await service.revokeToken(argument);
      process.stdout.write(`revoked token "${token.name}" (${token.id})\n`);
    } else {
      const project = await service.createProject(argument);
      process.stdout.write(`created project "${project.name}" (id ${project.id})\n`);
    }
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

try {
  await run(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof AccessError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    process.stderr.write(
      `token: ${(error as Error).message}\n${error instanceof UsageError ? `\n${USAGE}\n` : ''}`,
    );
    process.exit(2);
  }
  throw error;
}
