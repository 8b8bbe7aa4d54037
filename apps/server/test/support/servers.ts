import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startApiServer, type ApiServer } from '../../src/app/api-server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { TestDatabase } from './database.js';
import { GraphQLClient } from './graphql-client.js';
import { SERVER_DIST, WORKER_ENTRY, spawnServerProcess, type ServerProcess } from './processes.js';

/** Server logs stay quiet unless DRIFTBOARD_TEST_LOG_LEVEL asks for them (e.g. `info`). */
const LOG_LEVEL = process.env.DRIFTBOARD_TEST_LOG_LEVEL ?? 'silent';

/** What every process of one test's deployment shares: the database, the data folder and the bus. */
export interface Deployment {
  database: TestDatabase;
  /** Models, checkpoints: one folder, as on one machine (or a shared volume). */
  dataDir: string;
  /** Set → every process uses the Redis event bus; unset → PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string;
  /** pg-boss job expiry; short in tests that kill workers. */
  jobExpireSeconds?: number;
  /** How often pg-boss looks for expired jobs in workers. */
  maintenanceSeconds?: number;
}

export async function createDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-test-data-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The environment variables of a server or worker process of this deployment. */
export function deploymentEnv(deployment: Deployment): Record<string, string | undefined> {
  return {
    DATABASE_URL: deployment.database.url,
    DRIFTBOARD_DATA_DIR: deployment.dataDir,
    REDIS_URL: deployment.redisUrl,
    DRIFTBOARD_JOB_EXPIRE_SECONDS: deployment.jobExpireSeconds?.toString(),
    DRIFTBOARD_MAINTENANCE_SECONDS: deployment.maintenanceSeconds?.toString(),
    PORT: '0',
    LOG_LEVEL: 'info',
  };
}

export interface TestApi {
  server: ApiServer;
  client: GraphQLClient;
  close(): Promise<void>;
}

/** Starts an API server in this process on a free port. */
export async function startTestApi(
  deployment: Deployment,
  /** More environment, e.g. DRIFTBOARD_AUTH or limits. */
  env: Record<string, string> = {},
): Promise<TestApi> {
  const config = loadConfig({ ...deploymentEnv(deployment), LOG_LEVEL: LOG_LEVEL, ...env });
  const server = await startApiServer(config, createLogger('test-api', LOG_LEVEL));
  return { server, client: new GraphQLClient(server.url), close: () => server.close() };
}

export interface ApiProcess extends ServerProcess {
  url: string;
  wsUrl: string;
  client: GraphQLClient;
}

const API_READY = 'DRIFTBOARD_TEST_API_READY';

/**
 * Starts an API server in a child process from the compiled server (no worker,
 * unlike `node dist/main.js`), for tests with several API servers.
 */
export async function spawnApiServer(
  deployment: Deployment,
  /** More environment, e.g. a fixed PORT (to restart on the same URL) or DRIFTBOARD_AUTH. */
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const module = (file: string) => JSON.stringify(pathToFileURL(path.join(SERVER_DIST, file)).href);
  const script = `
    const { startApiServer } = await import(${module('app/api-server.js')});
    const { loadConfig } = await import(${module('config.js')});
    const { createLogger } = await import(${module('logger.js')});
    const config = loadConfig();
    const server = await startApiServer(config, createLogger('test-api-child', config.logLevel));
    process.stdout.write('${API_READY} ' + JSON.stringify({ url: server.url, wsUrl: server.wsUrl }) + '\\n');
    process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
  `;
  const started = await spawnServerProcess(
    ['--input-type=module', '-e', script],
    { ...deploymentEnv(deployment), LOG_LEVEL: 'warn', ...env },
    new RegExp(API_READY),
    { name: 'API server process' },
  );
  const { url, wsUrl } = JSON.parse(started.readyLine.slice(started.readyLine.indexOf('{'))) as {
    url: string;
    wsUrl: string;
  };
  return { ...started, url, wsUrl, client: new GraphQLClient(url) };
}

/** Starts a training worker process (`node dist/worker/main.js`) and waits until it takes jobs. */
export function spawnWorker(deployment: Deployment): Promise<ServerProcess> {
  return spawnServerProcess([WORKER_ENTRY], deploymentEnv(deployment), /worker waiting for training jobs/, {
    name: 'worker process',
  });
}
