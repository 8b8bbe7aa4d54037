import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/database/embedded-database.js';
import { createLogger } from '../../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by support/global-setup.ts when it started an embedded PostgreSQL for the whole run. */
    driftboardPostgresUrl?: string;
  }
}

/** The machine's own PostgreSQL, used when DATABASE_URL is unset and it accepts connections. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

let serverUrl: Promise<string> | undefined;

/**
 * A URL of a PostgreSQL server the tests may create databases on:
 * DATABASE_URL's server when set; else one the global setup started; else the
 * local server on 127.0.0.1:5432 when it answers; else an embedded PostgreSQL
 * (the one `npm start` uses), started once for this test process and stopped
 * when it exits.
 */
export function postgresServerUrl(): Promise<string> {
  serverUrl ??= resolveServerUrl();
  return serverUrl;
}

async function resolveServerUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const provided = inject('driftboardPostgresUrl');
  if (provided) return provided;
  if (await accepts('127.0.0.1', 5432)) return LOCAL_POSTGRES_URL;
  const embedded = await startTestEmbeddedPostgres();
  // Test processes end with process.exit, where nothing async completes: stop() sends PostgreSQL
  // its shutdown signal synchronously, and the folder goes right after.
  process.once('exit', () => {
    void embedded.stop();
    try {
      // Retries ride out the files PostgreSQL still writes while it shuts down.
      rmSync(embedded.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // A leftover folder in the temp dir is not worth failing a finished test run for.
    }
  });
  return embedded.url;
}

/** Whether something accepts TCP connections at host:port within a second. */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Starts an embedded PostgreSQL in a fresh temporary folder on a free port.
 * Returns an admin URL (database `postgres`) and a stop that also removes the folder.
 */
export async function startTestEmbeddedPostgres(): Promise<EmbeddedDatabase & { dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-test-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const embedded = await startEmbeddedDatabase(dir, port, createLogger('test-postgres', 'warn'));
  const url = new URL(embedded.url);
  url.pathname = '/postgres';
  return {
    url: url.toString(),
    dir,
    async stop() {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port nothing listens on now (a server restarted on it keeps its URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
