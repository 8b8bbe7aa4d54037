import type pg from 'pg';
import type { Logger } from '../logger.js';
import type { EventBus } from './event-bus.js';
import { PostgresEventBus } from './postgres-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

/** Redis when a URL is given, else the database's own LISTEN/NOTIFY. */
export function createEventBus(options: {
  redisUrl: string | undefined;
  databaseUrl: string;
  pool: pg.Pool;
  logger: Logger;
}): EventBus {
  if (options.redisUrl) return new RedisEventBus(options.redisUrl, options.logger);
  return new PostgresEventBus(options.databaseUrl, options.pool, options.logger);
}
