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
  /** `token`: every request needs an API token. `off`: open, allowed on loopback addresses only. */
  auth: 'token' | 'off';
  /** Largest accepted request body (importSourceModel sends weights inline, so megabytes). */
  maxBodyBytes: number;
  /** Deepest accepted selection nesting. */
  maxQueryDepth: number;
  /** Largest accepted estimated cost (see graphql/operation-limits.ts). */
  maxQueryCost: number;
  /** Requests per minute per token (0: unlimited); bursts of a tenth of it pass at once. */
  rateLimitPerMinute: number;
  /** Alert rules may post to http://127.0.0.1 / localhost webhooks (tests' stand-in for Slack); otherwise https only. */
  allowHttpWebhooks: boolean;
  /** Where alert messages link runs to: `${dashboardUrl}/runs/<id>`. */
  dashboardUrl: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopbackHost = (host: string) => LOOPBACK_HOSTS.has(host) || host.startsWith('127.');

function authMode(env: NodeJS.ProcessEnv, host: string): ServerConfig['auth'] {
  const raw = env.DRIFTBOARD_AUTH;
  if (raw === undefined || raw === '') return isLoopbackHost(host) ? 'off' : 'token';
  if (raw === 'token' || raw === 'off') return raw;
  throw new Error(`DRIFTBOARD_AUTH must be "token" or "off", got "${raw}"`);
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
  const host = env.HOST || '127.0.0.1';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    host,
    // 0 asks the OS for a free port (tests, benchmarks).
    port: integer(env, 'PORT', 4000, 0),
    webPort: integer(env, 'WEB_PORT', 3000),
    dataDir: path.resolve(env.DRIFTBOARD_DATA_DIR || '.driftboard'),
    logLevel: env.LOG_LEVEL || 'info',
    jobExpireSeconds: integer(env, 'DRIFTBOARD_JOB_EXPIRE_SECONDS', 6 * 60 * 60),
    auth: authMode(env, host),
    maxBodyBytes: integer(env, 'DRIFTBOARD_MAX_BODY_BYTES', 16 * 1024 * 1024),
    maxQueryDepth: integer(env, 'DRIFTBOARD_MAX_QUERY_DEPTH', 12),
    maxQueryCost: integer(env, 'DRIFTBOARD_MAX_QUERY_COST', 50_000),
    rateLimitPerMinute: integer(env, 'DRIFTBOARD_RATE_LIMIT_PER_MINUTE', 1200, 0),
    allowHttpWebhooks: env.DRIFTBOARD_ALLOW_HTTP_WEBHOOKS === '1',
    dashboardUrl: (env.DRIFTBOARD_DASHBOARD_URL || 'http://127.0.0.1:3000').replace(/\/+$/, ''),
  };
}
