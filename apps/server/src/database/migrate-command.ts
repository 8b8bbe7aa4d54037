import pg from 'pg';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { migrate } from './migrate.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
const config = loadConfig();
const logger = createLogger('migrate');
if (!config.databaseUrl) {
  logger.error('DATABASE_URL is not set; `npm start` migrates its embedded database itself');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: config.databaseUrl });
try {
  const applied = await migrate(pool, logger);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
} finally {
  await pool.end();
}
