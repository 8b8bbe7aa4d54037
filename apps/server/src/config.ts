import path from 'node:path';

/** Everything the server and workers read from the environment, parsed once. */
export interface ServerConfig {
  /** PostgreSQL; unset → `npm start` runs an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /** Set → the event bus is Redis pub/sub; unset → PostgreSQL LISTEN/NOTIFY. */
  redisUrl: string | undefined;
  host: string;
  port: number;
  webPort: number;
  /** Model artifacts, checkpoints and the embedded database live here. */
  dataDir: string;
  logLevel: string;
  /** A job not finished by then is presumed dead (its worker killed) and retried from its checkpoint. */
  jobExpireSeconds: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(
      `${name} must be a ${min === 0 ? 'zero or positive' : 'positive'} whole number, got "${raw}"`,
    );
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    host: env.HOST || '127.0.0.1',
    // 0 asks the OS for a free port (tests, benchmarks).
    port: integer(env, 'PORT', 4000, 0),
    webPort: integer(env, 'WEB_PORT', 3000),
    dataDir: path.resolve(env.DRIFTBOARD_DATA_DIR || '.driftboard'),
    logLevel: env.LOG_LEVEL || 'info',
    jobExpireSeconds: integer(env, 'DRIFTBOARD_JOB_EXPIRE_SECONDS', 6 * 60 * 60),
  };
}
