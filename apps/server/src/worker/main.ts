import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startWorker } from './worker.js';

/** `npm run worker`: one training worker process against DATABASE_URL. */
const config = loadConfig();
const logger = createLogger('worker', config.logLevel);
const maintenance = process.env.DRIFTBOARD_MAINTENANCE_SECONDS;
const worker = await startWorker(config, logger, {
  maintenanceIntervalSeconds: maintenance ? Number(maintenance) : undefined,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'worker stopping');
    void worker.close().then(() => process.exit(0));
  });
}
