/**
 * `npm run bench -w @driftboard/web`: the dashboard measured in Chromium against the real server
 * (`apps/server/dist/main.js`: API, worker and `next start`) on a scratch PostgreSQL database.
 *
 * (1) Live charts: a RUNNING run (inserted in SQL with 100 epochs of history, so nothing trains) is
 *     open on its run page; epochs are stored and published on the bus as a worker does
 *     (`recordEpochs`, then `run-event` `{kind:'epoch', …}` through `createEventBus`), and the time
 *     from publishing to the page's charts showing that epoch is measured for 60 events.
 * (2) Compare: `/compare?runs=…` with 20 runs × 200 epochs, from navigation start until both charts
 *     are on screen: the cold first load, then repeated loads (median).
 *
 * The page reports draws through `window.__driftboardChartRendered` (see chart-probe.mjs). Prints a
 * Markdown table; the database and the server's data folder are removed at the end.
 *
 * Needs `npx tsc -b` and `npm run build -w @driftboard/web` first, and Chromium at /usr/bin/chromium
 * (or CHROMIUM_PATH).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { compareShown, drawnLabels, epochShown, installChartProbe } from './chart-probe.mjs';
import { createScratchDatabase, epochMetrics, freePort, seedRuns, startProcess, waitFor } from './stage.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_DIST = path.join(ROOT, 'apps/server/dist');
const SERVER_MAIN = path.join(SERVER_DIST, 'main.js');
const WEB_BUILD = path.join(ROOT, 'apps/web/.next/BUILD_ID');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PLAN = { finished: 20, epochs: 200, liveHistory: 100 };
const LIVE = { warmup: 5, events: 60, gapMs: 150, timeoutMs: 5_000 };
const COMPARE = { warmLoads: 7, freshContexts: 5, timeoutMs: 20_000 };
const TARGET = { liveP95: 100, compareMedian: 1000 };
const WATCHDOG_MS = 5 * 60_000;

const started = performance.now();
const progress = (message) =>
  process.stderr.write(`[web bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
/** Wall-clock milliseconds with sub-millisecond resolution, comparable with the page's. */
const now = () => performance.timeOrigin + performance.now();

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const withTimeout = (promise, timeoutMs, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), timeoutMs).unref()),
  ]);

/** Offset of the page's clock from ours, from the round trip with the least delay. */
async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 15; i++) {
    const before = now();
    const theirs = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: theirs - (before + after) / 2 };
  }
  return best;
}

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    const step = cleanups.pop();
    await step().catch((error) => process.stderr.write(`cleanup: ${String(error)}\n`));
  }
}

async function launchChromium() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  cleanups.push(() => browser.close());
  return browser;
}

async function main() {
  for (const [file, hint] of [
    [SERVER_MAIN, 'npx tsc -b'],
    [WEB_BUILD, 'npm run build -w @driftboard/web'],
  ])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${hint}\` first`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const loadAtStart = os.loadavg();

  const { createEventBus } = await import(path.join(SERVER_DIST, 'bus/create-event-bus.js'));
  const { RunRepository } = await import(path.join(SERVER_DIST, 'modules/run/run.repository.js'));
  const { createLogger } = await import(path.join(SERVER_DIST, 'logger.js'));

  const database = await createScratchDatabase();
  cleanups.push(() => database.drop());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-web-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  progress(`database ${database.name}; starting the server`);
  const [port, webPort] = [await freePort(), await freePort()];
  const server = await startProcess(
    SERVER_MAIN,
    {
      DATABASE_URL: database.url,
      DRIFTBOARD_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      WEB_PORT: String(webPort),
      LOG_LEVEL: 'warn',
    },
    /driftboard is running/,
    60_000,
  );
  cleanups.push(() => server.stop());
  const web = `http://127.0.0.1:${webPort}`;

  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  cleanups.push(() => pool.end());
  // recordEpochs only needs `query`: the worker's exact statement, on our pool.
  const runs = new RunRepository({ query: async (text, values) => (await pool.query(text, values)).rows });
  const bus = createEventBus({
    redisUrl: undefined,
    databaseUrl: database.url,
    pool,
    logger: createLogger('web-bench', 'warn'),
  });
  cleanups.push(() => bus.close());

  const [browser, seeded] = await Promise.all([
    launchChromium(),
    seedRuns(pool, runs, PLAN),
    // The dashboard answers once `next start` is up; only /runs is requested, /compare stays cold.
    waitFor('the dashboard', async () => ((await fetch(`${web}/runs`)).ok ? true : undefined), 60_000),
  ]);
  progress(
    `seeded ${PLAN.finished} runs × ${PLAN.epochs} epochs and a RUNNING run with ${PLAN.liveHistory} epochs`,
  );
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(installChartProbe);
    return context;
  };

  // (2) Compare, first: its cold load is the first request of the route and of the chart chunks.
  const compareUrl = `${web}/compare?runs=${seeded.finishedIds.join(',')}`;
  const loadCompare = async (page) => {
    await page.goto(compareUrl, { waitUntil: 'commit' });
    return withTimeout(
      page.evaluate(compareShown, { runs: PLAN.finished }),
      COMPARE.timeoutMs,
      'the compare page to draw its charts',
    );
  };
  const warmContext = await newContext();
  const warmPage = await warmContext.newPage();
  const cold = await loadCompare(warmPage);
  progress(`compare cold: ${ms(cold.framed)} (${cold.points} points on the curves)`);
  const warm = [];
  for (let i = 0; i < COMPARE.warmLoads; i++) warm.push(await loadCompare(warmPage));
  progress(`compare warm: ${warm.map((l) => ms(l.framed)).join(', ')}`);
  await warmContext.close();
  const fresh = [];
  for (let i = 0; i < COMPARE.freshContexts; i++) {
    const context = await newContext();
    fresh.push(await loadCompare(await context.newPage()));
    await context.close();
  }
  progress(`compare, new browser context each: ${fresh.map((l) => ms(l.framed)).join(', ')}`);

  // (1) Live: the RUNNING run's page, then epochs published as a worker does.
  const liveContext = await newContext();
  const page = await liveContext.newPage();
  await page.goto(`${web}/runs/${seeded.liveRunId}`);
  const chartCount = 2 + 4; // loss, accuracy; with per-block metrics: CKA, heatmap, drift, agreement
  await withTimeout(
    page.evaluate(
      (count) =>
        window.__chartProbe.until((draws) =>
          new Set(draws.map((d) => d.label)).size >= count ? true : undefined,
        ),
      chartCount,
    ),
    COMPARE.timeoutMs,
    'the run page to draw its charts',
  );
  const labels = await page.evaluate(drawnLabels);
  await withTimeout(
    page.evaluate(epochShown, { epoch: PLAN.liveHistory, labels }),
    COMPARE.timeoutMs,
    'the run page to draw its history',
  );
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const clock = await clockOffset(page);
  progress(
    `run page up with ${labels.length} charts; page clock ${clock.offset >= 0 ? '+' : ''}${clock.offset.toFixed(2)} ms (round trip ${clock.rtt.toFixed(1)} ms)`,
  );

  let epoch = PLAN.liveHistory;
  const publishEpoch = async () => {
    epoch += 1;
    const metrics = epochMetrics(seeded.liveIndex, epoch);
    await runs.recordEpochs([{ runId: seeded.liveRunId, epoch, metrics }]);
    const shown = page.evaluate(epochShown, { epoch, labels });
    const published = now() + clock.offset; // on the page's clock
    await bus.publish('run-event', { kind: 'epoch', runId: seeded.liveRunId, epoch, metrics });
    const times = await withTimeout(shown, LIVE.timeoutMs, `epoch ${epoch} on the run page`);
    const since = (t) => pageOrigin + t - published;
    return {
      firstDrawn: since(times.firstDrawn),
      allDrawn: since(times.allDrawn),
      onScreen: since(times.allFramed),
    };
  };
  for (let i = 0; i < LIVE.warmup; i++) {
    await publishEpoch();
    await new Promise((r) => setTimeout(r, LIVE.gapMs));
  }
  const live = [];
  for (let i = 0; i < LIVE.events; i++) {
    live.push(await publishEpoch());
    await new Promise((r) => setTimeout(r, LIVE.gapMs));
  }
  progress(`live: ${LIVE.events} epochs measured (after ${LIVE.warmup} warm-up)`);
  await liveContext.close();

  const loadAtEnd = os.loadavg();
  const { rows: versions } = await pool.query('SHOW server_version');
  return {
    live,
    labels,
    compare: { cold, warm, fresh },
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model?.trim() ?? 'unknown CPU',
      memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
      loadAtStart,
      loadAtEnd,
      chromium: browser.version(),
      node: process.version,
      postgres: versions[0].server_version,
    },
  };
}

function report({ live, labels, compare, machine }) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const met = (ok) => (ok ? '✅ met' : '❌ missed');
  const liveOf = (key) => live.map((l) => l[key]);
  const onScreenP95 = quantile(liveOf('onScreen'), 0.95);
  const warmFramed = compare.warm.map((l) => l.framed);
  const freshFramed = compare.fresh.map((l) => l.framed);
  const lines = [
    row(['Measurement', 'n', 'p50 / median', 'p95 / max', 'Target', 'Result']),
    row(['---', '---:', '---:', '---:', '---', '---']),
    row([
      `(1) epoch published on the bus → all ${labels.length} run-page charts on screen (next frame after the draw)`,
      live.length,
      ms(median(liveOf('onScreen'))),
      ms(onScreenP95),
      `p95 ≤ ${TARGET.liveP95} ms`,
      met(onScreenP95 <= TARGET.liveP95),
    ]),
    row([
      '  ↳ published → first chart drawn (canvas painted in setOption)',
      live.length,
      ms(median(liveOf('firstDrawn'))),
      ms(quantile(liveOf('firstDrawn'), 0.95)),
      '—',
      '—',
    ]),
    row([
      `  ↳ published → all ${labels.length} charts drawn`,
      live.length,
      ms(median(liveOf('allDrawn'))),
      ms(quantile(liveOf('allDrawn'), 0.95)),
      '—',
      '—',
    ]),
    row([
      `(2) /compare, ${PLAN.finished} runs × ${PLAN.epochs} epochs: navigation → both charts on screen (same tab, cached assets)`,
      warmFramed.length,
      ms(median(warmFramed)),
      ms(Math.max(...warmFramed)),
      `median ≤ ${TARGET.compareMedian} ms`,
      met(median(warmFramed) <= TARGET.compareMedian),
    ]),
    row([
      '  ↳ cold first load (first request of the route since server start, empty browser cache)',
      1,
      ms(compare.cold.framed),
      '—',
      '(reported)',
      compare.cold.framed <= TARGET.compareMedian ? 'within 1 s' : 'over 1 s',
    ]),
    row([
      '  ↳ new browser context per load (empty browser cache, warm server)',
      freshFramed.length,
      ms(median(freshFramed)),
      ms(Math.max(...freshFramed)),
      '—',
      '—',
    ]),
    row([
      '  ↳ time to first byte (warm loads)',
      warmFramed.length,
      ms(median(compare.warm.map((l) => l.ttfb))),
      ms(Math.max(...compare.warm.map((l) => l.ttfb))),
      '—',
      '—',
    ]),
  ];
  const load = (l) => l.map((v) => v.toFixed(2)).join(' / ');
  return [
    '',
    '### Dashboard bench (Chromium, real server and PostgreSQL)',
    '',
    ...lines,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memory}; load average (1/5/15 min) ${load(machine.loadAtStart)} at start, ${load(machine.loadAtEnd)} at end. ` +
      `Chromium ${machine.chromium} (headless, --disable-gpu), Node ${machine.node}, PostgreSQL ${machine.postgres}; ` +
      `server, worker, \`next start\`, PostgreSQL and Chromium share the machine. Bench took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
}

const watchdog = setTimeout(() => {
  process.stderr.write(`web bench: over ${WATCHDOG_MS / 1000} s; giving up\n`);
  void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

try {
  const results = await main();
  await cleanup();
  process.stdout.write(report(results));
} catch (error) {
  process.stderr.write(
    `web bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await cleanup();
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
}
