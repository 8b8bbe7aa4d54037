/**
 * Sets the stage for the dashboard bench: a scratch PostgreSQL database, the real server
 * (`apps/server/dist/main.js`: API, worker and `next start`), and runs seeded through the
 * server's own write path (`RunRepository.recordEpochs`, the statement a worker's epochs take).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

/** The machine's PostgreSQL unless DATABASE_URL names another server. */
export const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function asAdmin(sql) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty, uniquely named database next to POSTGRES_URL's; `drop` removes it, connections and all. */
export async function createScratchDatabase() {
  const name = `driftboard_web_bench_${randomBytes(5).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs `node entry` and resolves once a line of its output matches `ready`; `stop` sends SIGTERM. */
export async function startProcess(entry, env, ready, timeoutMs) {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  const output = () => lines.slice(-60).join('\n');
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} not ready in ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        lines.push(line);
        if (lines.length > 500) lines.shift();
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`${entry} exited:\n${output()}`)));
  });
  return {
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** The blocks of the trainer's `cnn` architecture, input to head. */
export const BLOCKS = ['conv1', 'conv2', 'conv3', 'dense', 'head'];
const STRATEGIES = ['full', 'last-k', 'linear-probe', 'lp-ft', 'surgical'];

/** A small deterministic PRNG, so every bench run draws the same curves. */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/**
 * One epoch's metrics as the trainer logs them for a 5-block model: loss and accuracy
 * (train, val, val against clean labels), linear CKA and relative weight drift per block
 * (deeper blocks move further from the source model), their mean, top-1 agreement with
 * the source model, throughput, and the backend (a string, as the worker publishes it).
 */
export function epochMetrics(runIndex, epoch) {
  const rnd = random(runIndex * 100_003 + epoch * 7919);
  const noise = (scale) => (rnd() - 0.5) * 2 * scale;
  const strength = 0.35 + (runIndex % 5) * 0.12; // how far the strategy lets the model move
  const speed = 18 + (runIndex % 7) * 6;
  const fit = 1 - Math.exp(-epoch / speed);
  const labelNoise = (runIndex % 4) * 0.08;
  const metrics = {
    'train/loss': 2.3 * Math.exp(-epoch / speed) + 0.08 + noise(0.03),
    'val/loss': 2.3 * Math.exp(-epoch / speed) + 0.25 + 0.0015 * Math.max(0, epoch - 120) + noise(0.04),
    'train/accuracy': Math.min(1, 0.1 + 0.88 * fit + noise(0.01)),
    'val/accuracy': Math.min(1, 0.1 + (0.78 - labelNoise) * fit + noise(0.015)),
    'val/accuracy_clean': Math.min(1, 0.1 + (0.8 - labelNoise / 2) * fit + noise(0.015)),
  };
  let ckaSum = 0;
  BLOCKS.forEach((block, depth) => {
    const reach = strength * (0.25 + depth * 0.2);
    const cka = Math.max(0, Math.min(1, 1 - reach * fit * 0.9 + noise(0.01)));
    ckaSum += cka;
    metrics[`similarity/cka/${block}`] = cka;
    metrics[`similarity/weight_drift/${block}`] = Math.max(0, reach * 0.6 * fit + noise(0.005));
  });
  metrics['similarity/cka_mean'] = ckaSum / BLOCKS.length;
  metrics['similarity/agreement'] = Math.max(0, Math.min(1, 1 - strength * 0.7 * fit + noise(0.01)));
  metrics['system/samples_per_sec'] = 2400 + noise(200);
  metrics['system/epoch_ms'] = 850 + noise(60);
  metrics['system/backend'] = 'tensorflow';
  return metrics;
}

/**
 * The catalog rows and runs the bench draws: a READY source model (no artifact: nothing trains),
 * `finished` SUCCEEDED runs of `epochs` epochs each, and one RUNNING run with `liveHistory`
 * epochs stored so far. Metric points go in through `runs.recordEpochs`, one call per run.
 */
export async function seedRuns(pool, runs, { finished, epochs, liveHistory }) {
  const { rows: datasets } = await pool.query(
    `SELECT id FROM dataset ORDER BY (name = 'synthetic-image') DESC LIMIT 1`,
  );
  if (!datasets.length) throw new Error('the server seeded no built-in dataset');
  const datasetId = datasets[0].id;
  const { rows: models } = await pool.query(
    `INSERT INTO source_model (name, architecture, blocks, input_shape, class_names, dataset_id, status, artifact_path)
     VALUES ('bench-cnn', 'cnn', $1, '{28,28,1}', '{a,b,c,d,e,f,g,h,i,j}', $2, 'READY', '/nonexistent/bench-cnn')
     RETURNING id`,
    [BLOCKS, datasetId],
  );
  const sourceModelId = models[0].id;
  const insertRun = async (index, status, total) => {
    const kind = STRATEGIES[index % STRATEGIES.length];
    const { rows } = await pool.query(
      `INSERT INTO run (kind, status, source_model_id, dataset_id, strategy_kind, strategy_spec, seed, limit_examples,
                        epochs, tags, backend, device, queued_at, started_at, finished_at)
       VALUES ('FINETUNE', $1, $2, $3, $4, $5, $6, 2000, $7, '{bench}', 'tensorflow', 'cpu',
               now() - interval '2 hours', now() - interval '2 hours' + interval '1 minute',
               CASE WHEN $1 = 'RUNNING' THEN NULL ELSE now() - interval '10 minutes' END)
       RETURNING id`,
      [
        status,
        sourceModelId,
        datasetId,
        kind,
        { kind, lr: 10 ** -(2 + (index % 3)), epochs: total },
        index,
        total,
      ],
    );
    return rows[0].id;
  };
  const history = (index, runId, count) =>
    Array.from({ length: count }, (_, i) => ({ runId, epoch: i + 1, metrics: epochMetrics(index, i + 1) }));

  const finishedIds = [];
  for (let index = 0; index < finished; index++) {
    const runId = await insertRun(index, 'SUCCEEDED', epochs);
    await runs.recordEpochs(history(index, runId, epochs));
    finishedIds.push(runId);
  }
  const liveIndex = finished;
  const liveRunId = await insertRun(liveIndex, 'RUNNING', epochs);
  await runs.recordEpochs(history(liveIndex, liveRunId, liveHistory));
  await pool.query('VACUUM ANALYZE run, metric, run_summary');
  return { finishedIds, liveRunId, liveIndex, sourceModelId };
}
