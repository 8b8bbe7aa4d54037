import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, saveModel } from '@driftboard/trainer';
import pg from 'pg';
import { createScratchDatabase } from './bench-database.js';
import { graphqlRequest } from './graphql-request.js';

/**
 * Scale-out throughput, the docker-compose layout on one machine: two API
 * server processes, 1 then 2 worker processes, one PostgreSQL, Redis events.
 * Each round submits BENCH_RUNS tiny fine-tuning runs (BENCH_EPOCHS epochs of
 * BENCH_LIMIT synthetic-image examples) alternately to the two servers and
 * times from the first startRun to the last SUCCEEDED; workers are started
 * (and ready) before the clock starts. Prints a Markdown table.
 *
 *   node apps/server/dist/bench/scale-out.js
 *
 * DATABASE_URL names the PostgreSQL server to create a scratch database on
 * (default the local one); REDIS_URL the Redis (default 127.0.0.1:6379).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 3);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 160);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WORKER_COUNTS = [1, 2];

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dist = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));

function startChild(entry: string, env: Record<string, string>, ready: (line: string) => boolean) {
  const child = fork(entry, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const started = new Promise<ChildProcess>((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (lines.some(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
  });
  return { child, started };
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** A tiny cnn-ref source model on synthetic-image's 12×12 inputs, imported through the API. */
async function importTinyModel(url: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-bench-model-'));
  try {
    const { model, manifest } = buildModel({
      architecture: 'cnn-ref',
      inputShape: [12, 12, 1],
      inputDtype: 'float32',
      classNames: ['0', '1', '2', '3'],
      seed: 1,
    });
    await saveModel(dir, model, manifest);
    model.dispose();
    const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as unknown;
    const weightsBase64 = (await readFile(path.join(dir, 'weights.bin'))).toString('base64');
    const data = await graphqlRequest<{ importSourceModel: { id: string } }>(
      url,
      'mutation ($input: ImportSourceModelInput!) { importSourceModel(input: $input) { id } }',
      { input: { name: `bench-${Date.now()}`, modelJson, weightsBase64 } },
    );
    return data.importSourceModel.id;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Round {
  seconds: number;
  perWorker: number[];
}

async function round(
  apiUrls: string[],
  pool: pg.Pool,
  env: Record<string, string>,
  workers: number,
  ids: { model: string; dataset: string },
): Promise<Round> {
  const children = Array.from({ length: workers }, () =>
    startChild(dist('worker/main.js'), env, (line) => line.includes('worker waiting for training jobs')),
  );
  try {
    await Promise.all(children.map((c) => c.started));
    const started = performance.now();
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const data = await graphqlRequest<{ startRun: { id: string } }>(
        apiUrls[i % apiUrls.length],
        'mutation ($input: StartRunInput!) { startRun(input: $input) { id } }',
        {
          input: {
            sourceModelId: ids.model,
            datasetId: ids.dataset,
            strategy: { kind: 'last-k', k: 1, epochs: EPOCHS },
            limit: LIMIT,
            seed: i,
          },
        },
      );
      runIds.push(data.startRun.id);
    }
    for (;;) {
      const { rows } = await pool.query<{ status: string; count: string }>(
        'SELECT status, count(*) AS count FROM run WHERE id = ANY($1::uuid[]) GROUP BY status',
        [runIds],
      );
      const count = (status: string) => Number(rows.find((r) => r.status === status)?.count ?? 0);
      if (count('FAILED') + count('CANCELLED') > 0)
        throw new Error(`runs ended unsuccessfully: ${JSON.stringify(rows)}`);
      if (count('SUCCEEDED') === RUNS) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM run WHERE id = ANY($1::uuid[]) GROUP BY device ORDER BY 1 DESC',
      [runIds],
    );
    return { seconds, perWorker: rows.map((r) => Number(r.count)) };
  } finally {
    await stop(children.map((c) => c.child));
  }
}

const scratch = await createScratchDatabase(serverUrl);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-bench-data-'));
const env = {
  DATABASE_URL: scratch.url,
  REDIS_URL: redisUrl,
  DRIFTBOARD_DATA_DIR: dataDir,
  PORT: '0',
  LOG_LEVEL: 'info',
};
const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
pool.on('error', () => undefined); // the scratch database is dropped with its connections at the end
const apis: ChildProcess[] = [];
try {
  // The first server migrates the scratch database; the second then starts on it.
  const apiUrls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const child = fork(dist('bench/api-server-process.js'), [], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    apis.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`API server process exited with ${code}`)));
    });
    apiUrls.push(`http://127.0.0.1:${port}/graphql`);
  }
  const { datasets } = await graphqlRequest<{ datasets: { id: string; name: string }[] }>(
    apiUrls[0],
    '{ datasets { id name } }',
  );
  const ids = {
    model: await importTinyModel(apiUrls[0]),
    dataset: datasets.find((d) => d.name === 'synthetic-image')!.id,
  };

  const lines = [
    `${RUNS} runs × ${EPOCHS} epochs × ${LIMIT} examples, 2 API servers, Redis bus, ${os.cpus().length} cores; median of ${REPEATS}`,
    '',
    `| workers | ${RUNS} runs end to end | throughput | runs per worker |`,
    '|---:|---:|---:|---|',
  ];
  for (const workers of WORKER_COUNTS) {
    const rounds: Round[] = [];
    for (let r = 0; r < REPEATS; r++) {
      rounds.push(await round(apiUrls, pool, env, workers, ids));
      process.stderr.write(
        `[scale-out] ${workers} worker(s), round ${r + 1}: ${rounds.at(-1)!.seconds.toFixed(1)} s\n`,
      );
    }
    rounds.sort((a, b) => a.seconds - b.seconds);
    const median = rounds[Math.floor(rounds.length / 2)];
    lines.push(
      `| ${workers} | ${median.seconds.toFixed(1)} s | ${((RUNS / median.seconds) * 60).toFixed(0)} runs/min | ${median.perWorker.join(' + ')} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await pool.end();
  await stop(apis);
  await scratch.drop();
  await rm(dataDir, { recursive: true, force: true });
}
