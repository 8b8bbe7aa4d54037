import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../src/app/api-server.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createTestDatabase, tableCounts, type TestDatabase } from './support/database.js';
import {
  CANCEL_RUN,
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  type RunView,
} from './support/fixtures.js';
import { expectNoInternals, GraphQLClient } from './support/graphql-client.js';
import { SERVER_DIST, spawnServerProcess } from './support/processes.js';
import {
  createDataDir,
  deploymentEnv,
  startTestApi,
  type Deployment,
  type TestApi,
} from './support/servers.js';
import { Subscription } from './support/subscriptions.js';
import { createTokenWithCli, TOKEN_COMMAND } from './support/tokens.js';
import { waitFor } from './support/wait.js';

const execFileAsync = promisify(execFile);

const VIEWER = '{ viewer { authEnabled role tokenName projects { name } } }';
const RUNS = '{ runs(first: 100) { totalCount edges { node { id projectId } } } }';
const CREATE_PROJECT = 'mutation ($name: String!) { createProject(input: { name: $name }) { id name } }';
const CREATE_TOKEN = `mutation ($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { secret token { id name role prefix projects { name } } }
}`;
const REVOKE_TOKEN = 'mutation ($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }';
const RUNS_CHANGED = `subscription { runsChanged { __typename ... on RunStatusChanged { runId status } } }`;

interface CreatedToken {
  createApiToken: { secret: string; token: { id: string; name: string; role: string; prefix: string } };
}

async function rawPost(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: JSON.parse(text) as { errors?: { message: string; extensions: { code: string } }[] },
  };
}

describe('a server that requires API tokens', () => {
  let database: TestDatabase;
  let deployment: Deployment;
  let removeData: () => Promise<void>;
  let api: TestApi;
  let adminSecret: string;
  let admin: GraphQLClient;
  let projectA: string;
  let projectB: string;
  let editorA: GraphQLClient;
  let editorSecret: string;
  let viewerA: GraphQLClient;
  let viewerSecret: string;
  let runA: RunView;
  let runB: RunView;

  beforeAll(async () => {
    database = await createTestDatabase();
    const data = await createDataDir();
    removeData = data.remove;
    deployment = { database, dataDir: data.dir };
    // The CLI migrates the empty database itself: this is how the first admin gets in.
    ({ secret: adminSecret } = await createTokenWithCli(database.url, [
      '--role',
      'admin',
      '--name',
      'first admin',
    ]));
    api = await startTestApi(deployment, {
      DRIFTBOARD_AUTH: 'token',
      DRIFTBOARD_RATE_LIMIT_PER_MINUTE: '0',
    });
    admin = api.client.withToken(adminSecret);

    projectA = (await admin.ok<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'vision' }))
      .createProject.id;
    projectB = (await admin.ok<{ createProject: { id: string } }>(CREATE_PROJECT, { name: 'audio' }))
      .createProject.id;
    const editor = await admin.ok<CreatedToken>(CREATE_TOKEN, {
      input: { name: 'vision notebooks', role: 'EDITOR', projectIds: [projectA] },
    });
    editorSecret = editor.createApiToken.secret;
    editorA = api.client.withToken(editorSecret);
    const viewer = await admin.ok<CreatedToken>(CREATE_TOKEN, {
      input: { name: 'vision dashboard', role: 'VIEWER', projectIds: [projectA] },
    });
    viewerSecret = viewer.createApiToken.secret;
    viewerA = api.client.withToken(viewerSecret);

    const model = await importTinyModel(admin, 'shared source');
    const dataset = await datasetId(admin);
    const input = {
      sourceModelId: model.id,
      datasetId: dataset,
      strategy: { kind: 'full', epochs: 1 },
      limit: TINY_LIMIT,
    };
    // No worker runs in this file: runs stay QUEUED, which is all these checks need.
    runA = (await editorA.ok<{ startRun: RunView }>(START_RUN, { input })).startRun;
    runB = (await admin.ok<{ startRun: RunView }>(START_RUN, { input: { ...input, projectId: projectB } }))
      .startRun;
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
    await removeData?.();
  });

  it('stores only a hash of each secret', async () => {
    const { rows } = await database.pool.query<{ secret_hash: string; prefix: string }>(
      'SELECT secret_hash, prefix FROM api_token',
    );
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(adminSecret);
    expect(rows.map((r) => r.secret_hash)).toContain(createHash('sha256').update(adminSecret).digest('hex'));
    expect(rows.every((r) => r.prefix.length < 12)).toBe(true);
  });

  it('answers 401 with how to get a token when none is sent, and for a wrong one', async () => {
    const missing = await rawPost(api.server.url, JSON.stringify({ query: VIEWER }));
    expect(missing.status).toBe(401);
    expect(missing.json.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(missing.json.errors?.[0].message).toMatch(
      /Authorization: Bearer <token>.*npm run token -- create/,
    );

    const wrong = await api.client.withToken('dbt_not-a-real-token').request(VIEWER);
    expect(wrong.status).toBe(401);
    expect(wrong.errors?.[0].message).toMatch(/unknown or revoked/);
  });

  it('tells each token who it is and which projects it sees', async () => {
    const { viewer } = await viewerA.ok<{
      viewer: { role: string; tokenName: string; projects: { name: string }[] };
    }>(VIEWER);
    expect(viewer).toEqual({
      authEnabled: true,
      role: 'VIEWER',
      tokenName: 'vision dashboard',
      projects: [{ name: 'vision' }],
    });
    const asAdmin = await admin.ok<{ viewer: { projects: { name: string }[] } }>(VIEWER);
    expect(asAdmin.viewer.projects.map((p) => p.name)).toEqual(['audio', 'default', 'vision']);
  });

  it('puts a new run in the token’s only project, and shows a token only its projects’ runs', async () => {
    type Page = { runs: { totalCount: number; edges: { node: { id: string; projectId: string } }[] } };
    const seenByA = await viewerA.ok<Page>(RUNS);
    expect(seenByA.runs.edges.map((e) => e.node)).toEqual([{ id: runA.id, projectId: projectA }]);
    expect(seenByA.runs.totalCount).toBe(1);
    const seenByAdmin = await admin.ok<Page>(RUNS);
    expect(seenByAdmin.runs.totalCount).toBe(2);
    expect(seenByAdmin.runs.edges.find((e) => e.node.id === runB.id)?.node.projectId).toBe(projectB);
  });

  it("answers another project's run as if it did not exist, in every read", async () => {
    await viewerA.fails('query ($id: ID!) { run(id: $id) { id } }', { id: runB.id }, 'NOT_FOUND');
    await viewerA.fails(
      'query ($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }',
      { ids: [runA.id, runB.id] },
      'NOT_FOUND',
    );
    await viewerA.fails(
      'query ($ids: [ID!]!) { metricSeries(runIds: $ids, keys: ["train/loss"]) { runId } }',
      { ids: [runB.id] },
      'NOT_FOUND',
    );
    await editorA.fails(CANCEL_RUN, { id: runB.id }, 'NOT_FOUND');
    const csv = await fetch(api.server.url.replace('/graphql', `/runs/${runB.id}/metrics.csv`), {
      headers: { authorization: `Bearer ${adminSecret}` },
    });
    expect(csv.status).toBe(200);
    const hidden = await fetch(api.server.url.replace('/graphql', `/runs/${runB.id}/metrics.csv`), {
      headers: { authorization: `Bearer ${viewerSecret}` },
    });
    expect(hidden.status).toBe(404);
  });

  it('refuses what a role may not do, naming the role it needs, and writes nothing', async () => {
    const before = await tableCounts(database.pool);
    const denied = await viewerA.fails(CANCEL_RUN, { id: runA.id }, 'FORBIDDEN');
    expect(denied.message).toBe('cancelRun needs the EDITOR role; this token has VIEWER');
    await editorA.fails(
      CREATE_PROJECT,
      { name: 'mine' },
      'FORBIDDEN',
      /createProject needs the ADMIN role; this token has EDITOR/,
    );
    await editorA.fails('{ apiTokens { id } }', {}, 'FORBIDDEN', /apiTokens needs the ADMIN role/);
    await editorA.fails(
      START_RUN,
      {
        input: {
          sourceModelId: runA.sourceModelId,
          datasetId: runA.datasetId,
          strategy: { kind: 'full' },
          projectId: projectB,
        },
      },
      'BAD_USER_INPUT',
      /projectId: no project with id .* among this token's projects/,
    );
    expect(await tableCounts(database.pool)).toEqual(before);
    for (const response of [...viewerA.responses, ...editorA.responses]) expectNoInternals(response);
  });

  it('revokes a token at once', async () => {
    const created = await admin.ok<CreatedToken>(CREATE_TOKEN, {
      input: { name: 'short-lived', role: 'VIEWER', projectIds: [projectA] },
    });
    const holder = api.client.withToken(created.createApiToken.secret);
    await holder.ok(VIEWER);
    await admin.ok(REVOKE_TOKEN, { id: created.createApiToken.token.id });
    const after = await holder.request(VIEWER);
    expect(after.status).toBe(401);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('subscriptions take the token in connectionParams and carry only its projects’ events', async () => {
    const subscription = new Subscription<{ runId: string; status: string }>(
      api.server.wsUrl,
      RUNS_CHANGED,
      {},
      'runsChanged',
      { authorization: `Bearer ${adminSecret}` },
    );
    const scoped = new Subscription<{ runId: string; status: string }>(
      api.server.wsUrl,
      RUNS_CHANGED,
      {},
      'runsChanged',
      { authorization: `Bearer ${editorSecret}` },
    );
    try {
      // graphql-ws does not acknowledge subscriptions: give both a moment to be registered.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await admin.ok(CANCEL_RUN, { id: runB.id });
      await editorA.ok(CANCEL_RUN, { id: runA.id });
      await subscription.next((e) => e.runId === runA.id, 10_000, "run A's cancellation (admin)");
      await scoped.next((e) => e.runId === runA.id, 10_000, "run A's cancellation (project A)");
      expect(subscription.events.map((e) => e.runId)).toContain(runB.id);
      expect(scoped.events.map((e) => e.runId)).not.toContain(runB.id);
    } finally {
      await subscription.close();
      await scoped.close();
    }
  });

  it('closes a WebSocket without a token, saying why', async () => {
    const anonymous = new Subscription(api.server.wsUrl, RUNS_CHANGED, {}, 'runsChanged');
    try {
      const error = await waitFor(() => anonymous.errors[0], 10_000, {
        what: 'the connection to be refused',
      });
      expect((error as { code: number }).code).toBe(4403);
      expect((error as { reason: string }).reason).toMatch(
        /requires an API token: connectionParams \{ authorization: 'Bearer <token>' \}/,
      );
    } finally {
      await anonymous.close();
    }
  });
});

describe('request limits', () => {
  let database: TestDatabase;
  let removeData: () => Promise<void>;
  let api: TestApi;
  let secret: string;
  let otherSecret: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const data = await createDataDir();
    removeData = data.remove;
    ({ secret } = await createTokenWithCli(database.url, ['--role', 'admin']));
    ({ secret: otherSecret } = await createTokenWithCli(database.url, [
      '--role',
      'admin',
      '--name',
      'other',
    ]));
    api = await startTestApi(
      { database, dataDir: data.dir },
      {
        DRIFTBOARD_AUTH: 'token',
        DRIFTBOARD_MAX_QUERY_DEPTH: '4',
        DRIFTBOARD_MAX_BODY_BYTES: '20000',
        DRIFTBOARD_RATE_LIMIT_PER_MINUTE: '60',
      },
    );
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
    await removeData?.();
  });

  it('refuses a query nested deeper than the limit before running it', async () => {
    const client = api.client.withToken(otherSecret);
    const error = await client.fails(
      '{ runs { edges { node { summary { finalCkaMean } } } } }',
      {},
      'QUERY_TOO_DEEP',
    );
    expect(error.message).toMatch(/nested 5 levels deep; the limit is 4 \(DRIFTBOARD_MAX_QUERY_DEPTH\)/);
  });

  it('refuses a query whose estimated cost is over the limit, pricing each point object', async () => {
    const client = api.client.withToken(otherSecret);
    const runIds = Array.from(
      { length: 20 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const keys = Array.from({ length: 20 }, (_, i) => `key/${i}`);
    const series = (fields: string) =>
      `query ($runIds: [ID!]!, $keys: [String!]!) { metricSeries(runIds: $runIds, keys: $keys) { runId ${fields} } }`;
    // 400 series as flat arrays pass the cost check (and then find no such runs)...
    await client.fails(series('epochs values'), { runIds, keys }, 'NOT_FOUND');
    // ...the same 400 series as up to 500 point objects each do not.
    const error = await client.fails(series('points { epoch value }'), { runIds, keys }, 'QUERY_TOO_COMPLEX');
    expect(error.message).toMatch(/estimated \d+; the limit is 50000 \(DRIFTBOARD_MAX_QUERY_COST\)/);
  });

  it('refuses a body over the size limit with 413 in the GraphQL error shape', async () => {
    const big = JSON.stringify({ query: '{ viewer { role } }', variables: { padding: 'x'.repeat(30_000) } });
    const response = await rawPost(api.server.url, big, { authorization: `Bearer ${otherSecret}` });
    expect(response.status).toBe(413);
    expect(response.json.errors?.[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(response.json.errors?.[0].message).toMatch(/the limit is 20000 \(DRIFTBOARD_MAX_BODY_BYTES\)/);
    expectNoInternals(response.text);
  });

  it('answers 429 with Retry-After once a token has used its burst, and only for that token', async () => {
    const body = JSON.stringify({ query: '{ viewer { role } }' });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof rawPost>> | undefined;
    // 60 a minute: a burst of 6, then one a second.
    for (let i = 0; i < 8 && !limited; i++) {
      const response = await rawPost(api.server.url, body, { authorization: `Bearer ${secret}` });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited?.json.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(limited?.json.errors?.[0].message).toMatch(/too many requests for this token; retry after \d+ s/);
    const other = await rawPost(api.server.url, body, { authorization: `Bearer ${otherSecret}` });
    expect(other.status).toBe(200);
  });

  it('counts subscriptions against the same budget: a token that used it up gets RATE_LIMITED over WebSocket too', async () => {
    const subscription = new Subscription(api.server.wsUrl, RUNS_CHANGED, {}, 'runsChanged', {
      authorization: `Bearer ${secret}`,
    });
    try {
      // graphql-ws hands a refused subscription's errors to the sink as one array.
      const refusal = await waitFor(() => subscription.errors.flat()[0], 10_000, {
        what: 'the subscription to be refused',
      });
      const error = refusal as { message: string; extensions?: { code?: string } };
      expect(error.extensions?.code).toBe('RATE_LIMITED');
      expect(error.message).toMatch(/too many requests for this token; retry after \d+ s/);
    } finally {
      await subscription.close();
    }
  });
});

describe('where an open server may listen', () => {
  let database: TestDatabase;
  let deployment: Deployment;
  let removeData: () => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const data = await createDataDir();
    removeData = data.remove;
    deployment = { database, dataDir: data.dir };
  });

  afterAll(async () => {
    await database?.drop();
    await removeData?.();
  });

  it('runs without tokens on loopback, with full access', async () => {
    const api = await startTestApi(deployment);
    try {
      const { viewer } = await api.client.ok<{ viewer: { authEnabled: boolean; role: string } }>(VIEWER);
      expect(viewer).toMatchObject({ authEnabled: false, role: 'ADMIN' });
    } finally {
      await api.close();
    }
  });

  it('refuses to listen on every address without auth, and says how to create a token', async () => {
    const config = loadConfig({ ...deploymentEnv(deployment), HOST: '0.0.0.0' });
    expect(config.auth).toBe('token');
    await expect(startApiServer(config, createLogger('test', 'silent'))).rejects.toThrow(
      /no API token exists yet.*npm run token -- create --role admin/,
    );
    const open = loadConfig({ ...deploymentEnv(deployment), HOST: '0.0.0.0', DRIFTBOARD_AUTH: 'off' });
    await expect(startApiServer(open, createLogger('test', 'silent'))).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without authentication.*npm run token -- create --role admin/,
    );
  });

  it('`node dist/main.js` exits with that message instead of a stack trace', async () => {
    const child = spawnServerProcess(
      [`${SERVER_DIST}main.js`],
      { ...deploymentEnv(deployment), HOST: '0.0.0.0', PORT: '0', WEB_PORT: '39999' },
      /driftboard is running/,
      { name: 'main', timeoutMs: 60_000 },
    );
    await expect(child).rejects.toThrow(
      /exited \(code 1[^]*driftboard: DRIFTBOARD_AUTH=token, but no API token exists yet/,
    );
  });

  it('the token CLI explains bad input and exits 2', async () => {
    const failed = await execFileAsync(process.execPath, [TOKEN_COMMAND, 'create', '--role', 'owner'], {
      env: { ...process.env, DATABASE_URL: database.url },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(
      /--role must be viewer, editor or admin, got "owner"/,
    );
  });
});
