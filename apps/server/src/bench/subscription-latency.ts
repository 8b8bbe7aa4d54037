import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createEventBus } from '../bus/create-event-bus.js';
import { createLogger } from '../logger.js';
import { DEFAULT_PROJECT_ID } from '../modules/access/access.js';

export interface LatencyResult {
  subscribers: number;
  servers: number;
  events: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const now = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Starts an API server in a child process and resolves with its port. */
function startServerProcess(
  databaseUrl: string,
  dataDir: string,
  redisUrl?: string,
): Promise<{ port: number; child: ChildProcess }> {
  const entry = fileURLToPath(new URL('./api-server-process.js', import.meta.url));
  const child = fork(entry, [], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      DRIFTBOARD_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ port: (message as { port: number }).port, child }));
    child.once('exit', (code) => reject(new Error(`API server process exited with ${code}`)));
  });
}

/**
 * (a) Latency from a worker publishing an epoch on the bus to graphql-ws
 * subscribers receiving it, with `subscribers` clients spread over two API
 * server processes. The publisher stands in for a worker: it publishes
 * exactly what a worker publishes, through the same bus.
 */
export async function measureSubscriptionLatency(options: {
  databaseUrl: string;
  dataDir: string;
  subscribers: number;
  events: number;
  eventsPerSecond: number;
  redisUrl?: string;
}): Promise<LatencyResult> {
  const servers = await Promise.all([
    startServerProcess(options.databaseUrl, options.dataDir, options.redisUrl),
    startServerProcess(options.databaseUrl, options.dataDir, options.redisUrl),
  ]);
  const runId = '00000000-0000-4000-8000-000000000001';
  const ports = servers.map((s) => s.port);
  const clientEntry = fileURLToPath(new URL('./latency-client-process.js', import.meta.url));
  const clientProcesses = [0, 1].map(() =>
    fork(clientEntry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
  const latencies: number[] = [];
  try {
    await Promise.all(
      clientProcesses.map(
        (child, i) =>
          new Promise<void>((resolve) => {
            child.once('message', () => resolve());
            const share = Math.floor(options.subscribers / 2) + (i === 0 ? options.subscribers % 2 : 0);
            child.send({ ports, runId, subscribers: share });
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    const logger = createLogger('bench', 'warn');
    const bus = createEventBus({
      redisUrl: options.redisUrl,
      databaseUrl: options.databaseUrl,
      pool,
      logger,
    });
    for (let epoch = 1; epoch <= options.events; epoch++) {
      await bus.publish('run-event', {
        kind: 'epoch',
        runId,
        projectId: DEFAULT_PROJECT_ID,
        epoch,
        metrics: { 'bench/sent_at': now(), 'val/accuracy': 0.5 },
      });
      await new Promise((resolve) => setTimeout(resolve, 1000 / options.eventsPerSecond));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await bus.close();
    await pool.end();
    const reports = await Promise.all(
      clientProcesses.map(
        (child) =>
          new Promise<number[]>((resolve) => {
            child.on('message', (message: { type: string; latencies?: number[] }) => {
              if (message.type === 'latencies') resolve(message.latencies ?? []);
            });
            child.send({ type: 'report' });
          }),
      ),
    );
    for (const report of reports) latencies.push(...report);
  } finally {
    for (const child of clientProcesses) child.kill('SIGTERM');
    for (const { child } of servers) child.kill('SIGTERM');
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    subscribers: options.subscribers,
    servers: servers.length,
    events: options.events,
    deliveries: latencies.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
  };
}
