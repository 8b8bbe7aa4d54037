import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The machine's PostgreSQL unless DATABASE_URL names another server. */
const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty, uniquely named database; `drop` terminates its connections and drops it. */
export async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `driftboard_web_e2e_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      await admin(`DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node entry` and resolves once a line of its output matches `ready`. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs: number,
): Promise<Started> {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = () => lines.slice(-80).join('\n');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} not ready in ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        lines.push(line);
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`${entry} exited:\n${output()}`)));
  });
  return {
    child,
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

/** Runs `node entry ...args` to completion (a CLI such as `npm run token`) and returns its output. */
export function runNode(entry: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [entry, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${entry} ${args.join(' ')}: ${error.message}\n${stderr}`))
          : resolve(stdout),
    );
  });
}

/** Polls `check` until it returns something, or fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
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

/** A tiny GraphQL-over-HTTP client for setting the stage (what a notebook would do), with a token where the server needs one. */
export function graphqlClient(url: string, token?: string) {
  return async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as T;
  };
}

/** Headless Chromium (Debian's by default) as the e2e suites drive it. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');
const WEB_BUILD = path.join(ROOT, 'apps/web/.next/BUILD_ID');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the e2e suites save the README's screenshots. */
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
/** Training examples of the suites' tiny runs. */
export const TINY_LIMIT = 160;

/** `node apps/server/dist/main.js` (API, worker, `next start`) on a fresh database, and a Chromium page. */
export interface Dashboard {
  /** http://127.0.0.1:<web port> */
  web: string;
  /** http://127.0.0.1:<api port>/graphql */
  apiUrl: string;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts the whole product as `npm start` does, on its own database and data
 * folder, once the dashboard answers `readyPath`, with Chromium open.
 * `beforeStart` runs against the fresh database before the server starts
 * (e.g. creating the tokens a DRIFTBOARD_AUTH=token server requires).
 */
export async function startDashboard(options: {
  env?: Record<string, string>;
  readyPath: string;
  beforeStart?(databaseUrl: string): Promise<void>;
}): Promise<Dashboard> {
  for (const [file, hint] of [
    [SERVER_MAIN, 'npx tsc -b'],
    [WEB_BUILD, 'npm run build -w @driftboard/web'],
  ])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${hint}\` first`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  await mkdir(SCREENSHOTS, { recursive: true });
  const database = await createDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-web-e2e-'));
  let server: Started | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await options.beforeStart?.(database.url);
    const [port, webPort] = [await freePort(), await freePort()];
    server = await startProcess(
      SERVER_MAIN,
      {
        DATABASE_URL: database.url,
        DRIFTBOARD_DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
        WEB_PORT: String(webPort),
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      /driftboard is running/,
      60_000,
    );
    const web = `http://127.0.0.1:${webPort}`;
    [browser] = await Promise.all([
      launchChromium(CHROMIUM),
      waitFor(
        'the dashboard',
        async () => ((await fetch(`${web}${options.readyPath}`)).ok ? true : undefined),
        30_000,
      ),
    ]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(15_000);
    return { web, apiUrl: `http://127.0.0.1:${port}/graphql`, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Pretrains a tiny cnn-ref on synthetic-image through the API, as a user would; returns it once READY. */
export async function pretrainTinySourceModel(
  gql: ReturnType<typeof graphqlClient>,
): Promise<{ sourceModelId: string; datasetId: string }> {
  const { datasets } = await gql<{ datasets: { id: string; name: string }[] }>('{ datasets { id name } }');
  const datasetId = datasets.find((d) => d.name === 'synthetic-image')!.id;
  const { pretrainSourceModel } = await gql<{ pretrainSourceModel: { sourceModel: { id: string } } }>(
    `mutation($input: PretrainSourceModelInput!) { pretrainSourceModel(input: $input) { sourceModel { id } } }`,
    {
      input: { name: 'tiny-cnn', datasetId, architecture: 'cnn-ref', epochs: 2, limit: TINY_LIMIT, seed: 0 },
    },
  );
  const sourceModelId = pretrainSourceModel.sourceModel.id;
  await waitFor(
    'the source model to be READY',
    async () => {
      const { sourceModel } = await gql<{ sourceModel: { status: string } }>(
        'query($id: ID!) { sourceModel(id: $id) { status } }',
        { id: sourceModelId },
      );
      if (sourceModel.status === 'FAILED') throw new Error('pretraining failed');
      return sourceModel.status === 'READY' ? true : undefined;
    },
    60_000,
  );
  return { sourceModelId, datasetId };
}
