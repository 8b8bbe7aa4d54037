import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startApiServer } from './app/api-server.js';
import { loadConfig } from './config.js';
import {
  embeddedDatabasePort,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from './database/embedded-database.js';
import { createLogger } from './logger.js';

/**
 * `npm start`: the one-machine layout. PostgreSQL (DATABASE_URL, or an embedded
 * one), migrations, the API server, one training worker in its own process, and
 * the dashboard (`next start` of apps/web, when built) on WEB_PORT.
 */
const config = loadConfig();
const logger = createLogger('main', config.logLevel);
const EMBEDDED_PORT = embeddedDatabasePort();

let embedded: EmbeddedDatabase | undefined;
if (!config.databaseUrl) {
  embedded = await startEmbeddedDatabase(config.dataDir, EMBEDDED_PORT, logger);
  config.databaseUrl = embedded.url;
}
let api: Awaited<ReturnType<typeof startApiServer>>;
try {
  api = await startApiServer(config, logger);
} catch (error) {
  // Refusals (an open API on a public address, no token yet) are instructions, not crashes.
  process.stderr.write(`driftboard: ${error instanceof Error ? error.message : String(error)}\n`);
  await embedded?.stop();
  process.exit(1);
}

const workerEntry = fileURLToPath(new URL('./worker/main.js', import.meta.url));
let worker: ChildProcess | undefined;
let stopping = false;
function startWorkerProcess(): void {
  worker = fork(workerEntry, [], { env: { ...process.env, DATABASE_URL: config.databaseUrl } });
  worker.on('exit', (code, signal) => {
    if (stopping) return;
    logger.warn({ code, signal }, 'worker exited; starting another');
    setTimeout(startWorkerProcess, 1000);
  });
}
startWorkerProcess();

// The dashboard reads the API's URL at request time, so one build serves any PORT.
const webDir = fileURLToPath(new URL('../../web/', import.meta.url));
let dashboard: ChildProcess | undefined;
if (existsSync(`${webDir}.next/BUILD_ID`)) {
  const nextBin = createRequire(`${webDir}package.json`).resolve('next/dist/bin/next');
  dashboard = fork(nextBin, ['start', '-p', String(config.webPort), '-H', config.host], {
    cwd: webDir,
    env: { ...process.env, DRIFTBOARD_API_URL: api.url, NEXT_TELEMETRY_DISABLED: '1' },
  });
  dashboard.on('exit', (code, signal) => {
    if (!stopping) logger.error({ code, signal }, 'dashboard exited');
  });
}
const webHost = config.host.includes(':') ? `[${config.host}]` : config.host;

process.stdout.write(
  [
    '',
    `driftboard is running`,
    `  GraphQL (HTTP):      ${api.url}`,
    `  GraphQL (WebSocket): ${api.wsUrl}`,
    `  dashboard:           ${dashboard ? `http://${webHost}:${config.webPort}` : 'not built (npm run build -w @driftboard/web)'}`,
    `  database:            ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; event bus: ${config.redisUrl ? 'Redis' : 'PostgreSQL'}`,
    '',
  ].join('\n') + '\n',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    logger.info({ signal }, 'shutting down');
    worker?.kill('SIGTERM');
    dashboard?.kill('SIGTERM');
    void api
      .close()
      .then(() => embedded?.stop())
      .finally(() => process.exit(0));
  });
}
