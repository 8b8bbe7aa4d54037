import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../apps/server/test/support/database.js';
import {
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  type RunView,
} from '../../../apps/server/test/support/fixtures.js';
import { GraphQLClient } from '../../../apps/server/test/support/graphql-client.js';
import { freePort } from '../../../apps/server/test/support/postgres.js';
import type { ServerProcess } from '../../../apps/server/test/support/processes.js';
import {
  createDataDir,
  spawnApiServer,
  spawnWorker,
  type ApiProcess,
  type Deployment,
} from '../../../apps/server/test/support/servers.js';
import { createTokenWithCli } from '../../../apps/server/test/support/tokens.js';
import { sleep, waitFor } from '../../../apps/server/test/support/wait.js';
import { startBot, type Bot, type BotOptions } from '../src/bot.js';
import { AuthRejectedError } from '../src/driftboard-api.js';
import { startSlackStandIn } from './support/slack-stand-in.js';

async function runStatus(database: TestDatabase, runId: string): Promise<string | undefined> {
  const { rows } = await database.pool.query<{ status: string }>('SELECT status FROM run WHERE id = $1', [
    runId,
  ]);
  return rows[0]?.status;
}

describe('the Slack bot against a real server, worker and PostgreSQL', () => {
  let database: TestDatabase;
  let data: { dir: string; remove(): Promise<void> };
  let deployment: Deployment;
  let port: number;
  let api: ApiProcess;
  let worker: ServerProcess;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let stateDir: string;
  let bot: Bot | undefined;
  let catchUps = 0;
  const botLog: string[] = [];
  const runIds: string[] = [];
  let sourceModelId: string;
  let targetDatasetId: string;
  let adminSecret: string;
  let botSecret: string;

  const client = () => new GraphQLClient(api.url).withToken(adminSecret);
  /** On a fixed port, so a restarted server is where the bot knew the old one; tokens required, as on a team's server. */
  const startApiOn = (port: number) =>
    spawnApiServer(deployment, { PORT: String(port), DRIFTBOARD_AUTH: 'token' });
  const diagnostics = () =>
    `bot log:\n${botLog.slice(-30).join('\n')}\nAPI server:\n${api.output()}\nworker:\n${worker.output()}`;

  const botOptions = (overrides: Partial<BotOptions> = {}): BotOptions => ({
    driftboardUrl: api.url,
    driftboardWsUrl: api.url.replace(/^http/, 'ws'),
    token: botSecret,
    slackWebhookUrl: slack.url,
    dashboardUrl: 'http://127.0.0.1:3000',
    stateFile: path.join(stateDir, 'state.json'),
    log: (line) => botLog.push(line),
    onFatal: (error) => botLog.push(`FATAL ${error.message}`),
    onCaughtUp: () => catchUps++,
    backoff: { initialMs: 100, maxMs: 1000 },
    // Catch-ups run all the time, so every run is also seen by one while its live event is handled.
    catchUpIntervalMs: 300,
    ...overrides,
  });

  async function startTestBot(): Promise<Bot> {
    const caughtUpBefore = catchUps;
    const started = await startBot(botOptions());
    await waitFor(() => catchUps > caughtUpBefore, 30_000, {
      what: 'the bot to catch up',
      describe: diagnostics,
    });
    return started;
  }

  async function startRun(epochs: number, seed: number): Promise<string> {
    const { startRun } = await client().ok<{ startRun: RunView }>(START_RUN, {
      input: {
        sourceModelId,
        datasetId: targetDatasetId,
        strategy: { kind: 'last-k', k: 1, epochs },
        limit: TINY_LIMIT,
        seed,
      },
    });
    runIds.push(startRun.id);
    return startRun.id;
  }

  async function waitUntilFinishedInDatabase(runId: string): Promise<void> {
    const status = await waitFor(
      async () => {
        const s = await runStatus(database, runId);
        return s && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s) ? s : undefined;
      },
      60_000,
      { what: `run ${runId} to finish`, describe: diagnostics },
    );
    expect(status).toBe('SUCCEEDED');
  }

  /** Waits for Slack to accept a message for the run, then a little longer to catch a second one. */
  async function expectOneMessage(runId: string): Promise<void> {
    await waitFor(() => slack.accepted(runId).length > 0, 60_000, {
      what: `a Slack message for run ${runId}`,
      describe: diagnostics,
    });
    await sleep(1_000);
    expect(slack.accepted(runId)).toHaveLength(1);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    data = await createDataDir();
    deployment = { database, dataDir: data.dir };
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-slack-bot-'));
    ({ secret: adminSecret } = await createTokenWithCli(database.url, ['--role', 'admin']));
    ({ secret: botSecret } = await createTokenWithCli(database.url, [
      '--role',
      'viewer',
      '--project',
      'default',
    ]));
    slack = await startSlackStandIn({ failures: 1 });
    port = await freePort();
    api = await startApiOn(port);
    worker = await spawnWorker(deployment);
    targetDatasetId = await datasetId(client());
    sourceModelId = (await importTinyModel(client(), 'slack-bot-source')).id;
    bot = await startTestBot();
  });

  afterAll(async () => {
    await bot?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
    await slack?.close();
    await database?.drop();
    await data?.remove();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('posts one Block Kit message for a finished run, retrying the delivery Slack refused', async () => {
    const runId = await startRun(1, 1);
    await expectOneMessage(runId);

    // The first POST got a 500; the bot retried it and posted the run once.
    expect(slack.deliveries[0]).toMatchObject({ status: 500 });
    expect(slack.deliveries[0].body.text).toContain(runId);
    const [message] = slack.accepted(runId);
    expect(message.body.text).toMatch(
      new RegExp(`^Run ${runId.slice(0, 8)} succeeded: last-k on synthetic-image`),
    );
    expect(message.body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions', 'context']);
    expect(JSON.stringify(message.body.blocks)).toContain(`http://127.0.0.1:3000/runs/${runId}`);

    const state = JSON.parse(await readFile(path.join(stateDir, 'state.json'), 'utf8')) as {
      posted: string[];
    };
    expect(state.posted).toEqual([runId]);
  });

  it('posts a run that finished while the API server was down, once, after it is back on the same port', async () => {
    const runId = await startRun(10, 2);
    await waitFor(async () => (await runStatus(database, runId)) === 'RUNNING', 60_000, {
      what: `run ${runId} to start`,
      describe: diagnostics,
    });
    // Frozen, the worker cannot finish the run before the API server is gone.
    worker.pause();
    await api.kill();
    worker.resume();
    await waitUntilFinishedInDatabase(runId);
    await sleep(500);
    expect(slack.accepted(runId)).toHaveLength(0);

    api = await startApiOn(port);
    await expectOneMessage(runId);
  });

  it('posts a run that finishes after the restart once', async () => {
    const runId = await startRun(1, 3);
    await expectOneMessage(runId);
  });

  it('a restarted bot with the same state file repeats nothing and posts what finished while it was away', async () => {
    await bot!.close();
    bot = undefined;
    const runId = await startRun(1, 4);
    await waitUntilFinishedInDatabase(runId);

    bot = await startTestBot();
    await expectOneMessage(runId);

    await sleep(1_000);
    const accepted = slack.deliveries.filter((d) => d.status === 200).map((d) => d.body.text);
    expect(accepted).toHaveLength(runIds.length);
    for (const id of runIds) expect(accepted.filter((text) => text.includes(id))).toHaveLength(1);
    expect(slack.deliveries.filter((d) => d.status === 400)).toEqual([]);
    expect(botLog.filter((line) => line.startsWith('FATAL'))).toEqual([]);
  });

  it('stops with an AuthRejectedError instead of retrying when the server rejects its token', async () => {
    const failures: Error[] = [];
    const rejected = await startBot(
      botOptions({
        token: 'not-a-token-of-this-server',
        stateFile: path.join(stateDir, 'rejected.json'),
        onFatal: (error) => failures.push(error),
      }),
    );
    try {
      await waitFor(() => failures.length > 0, 30_000, { what: 'the bot to give up', describe: diagnostics });
      expect(failures[0]).toBeInstanceOf(AuthRejectedError);
      expect(failures[0].message).toMatch(/4403|rejected/);
      await sleep(1_000);
      expect(failures).toHaveLength(1);
    } finally {
      await rejected.close();
    }
  });

  it('main exits 1 with one line when the token is rejected, and 2 when a variable is missing', async () => {
    const env = {
      DRIFTBOARD_URL: api.url,
      DRIFTBOARD_TOKEN: 'not-a-token-of-this-server',
      SLACK_WEBHOOK_URL: slack.url,
      DASHBOARD_URL: 'http://127.0.0.1:3000',
      BOT_STATE_FILE: path.join(stateDir, 'main.json'),
    };
    const rejected = await runMain(env);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^driftboard-slack-bot: .*(4403|rejected).*DRIFTBOARD_TOKEN/),
    ]);

    const { SLACK_WEBHOOK_URL: _, ...withoutSlack } = env;
    const misconfigured = await runMain(withoutSlack);
    expect(misconfigured.code).toBe(2);
    expect(misconfigured.stderr.trim()).toMatch(
      /^driftboard-slack-bot: SLACK_WEBHOOK_URL is not set: set it to /,
    );
  });
});

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Runs the built bot until it exits (within 30 s) and returns its exit code and stderr. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}
