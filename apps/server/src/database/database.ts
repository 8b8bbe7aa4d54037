import 'reflect-metadata';
import pg from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { Logger } from '../logger.js';
import { migrate } from './migrate.js';
import { ENTITIES } from './entities.js';

export interface Database {
  dataSource: DataSource;
  /** A plain pg pool for what TypeORM does not do well: NOTIFY, COPY-like bulk inserts, migrations. */
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL, applies pending migrations (`synchronize` is never
 * on: the SQL in migrations/ is the schema) and returns the TypeORM data source.
 */
export async function openDatabase(
  url: string,
  logger: Logger,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', (error) => logger.error({ err: error }, 'idle PostgreSQL client failed'));
  try {
    if (options.migrate !== false) await migrate(pool, logger);
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      entities: ENTITIES as MixedList<string | EntitySchema | (new () => unknown)>,
      synchronize: false,
      migrationsRun: false,
      logging: false,
      extra: { max: options.poolSize ?? 10 },
    });
    await dataSource.initialize();
    return {
      dataSource,
      pool,
      url,
      async close() {
        await dataSource.destroy();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
