import { startApiServer, type ApiServer } from './app/api-server.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * `npm run api -w @driftboard/server`: one API server and nothing else, for
 * deployments with several API servers behind a load balancer and workers on
 * other machines (docker-compose.yml). Needs DATABASE_URL; REDIS_URL is
 * recommended with more than one API server.
 */
const config = loadConfig();
const logger = createLogger('api', config.logLevel);
if (!config.databaseUrl) {
  process.stderr.write(
    'driftboard: DATABASE_URL is not set; `npm start` runs an embedded PostgreSQL instead\n',
  );
  process.exit(2);
}
let server: ApiServer;
try {
  server = await startApiServer(config, logger);
} catch (error) {
  process.stderr.write(`driftboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'API server stopping');
    void server.close().finally(() => process.exit(0));
  });
}
