import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '@driftboard/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../src/app/api-server.js';
import { createEventBus } from '../src/bus/create-event-bus.js';
import type { EventBus } from '../src/bus/event-bus.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_PROJECT_ID } from '../src/modules/access/access.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  isFinished,
  waitForRun,
  type RunView,
} from './support/fixtures.js';
import { GraphQLClient } from './support/graphql-client.js';
import type { ServerProcess } from './support/processes.js';
import { createDataDir, deploymentEnv, spawnWorker, type Deployment } from './support/servers.js';
import { sleep, waitFor } from './support/wait.js';

const DASHBOARD = 'http://dashboard.test:3000';
const RULE_FIELDS = `id projectId name kind condition statuses metric comparator value epochs webhookUrl enabled`;
const CREATE_RULE = `mutation ($input: CreateAlertRuleInput!) { createAlertRule(input: $input) { ${RULE_FIELDS} } }`;
const DELIVERY_FIELDS = `id ruleId runId trigger status attempts lastError text createdAt nextAttemptAt sentAt`;

interface RuleView {
  id: string;
  projectId: string;
  name: string;
  webhookUrl: string;
}

interface DeliveryView {
  id: string;
  ruleId: string;
  runId: string | null;
  trigger: string;
  status: string;
  attempts: number;
  lastError: string | null;
  text: string;
  sentAt: string | null;
}

interface SlackPost {
  path: string;
  body: { text?: string; blocks?: { type: string }[] };
  answered: number;
}

/**
 * A stand-in for Slack's incoming-webhook endpoint: records every POST; a
 * path listed in `failFirst` answers 500 that many times before answering 200.
 */
async function startSlackStandIn(failFirst: Record<string, number>) {
  const posts: SlackPost[] = [];
  const failuresLeft = new Map(Object.entries(failFirst));
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      const left = failuresLeft.get(path) ?? 0;
      const answered = left > 0 ? 500 : 200;
      failuresLeft.set(path, left - 1);
      posts.push({ path, body: JSON.parse(raw) as SlackPost['body'], answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'oops');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    posts,
    to: (path: string) => posts.filter((p) => p.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Slack alert rules', () => {
  let database: TestDatabase;
  let data: Awaited<ReturnType<typeof createDataDir>>;
  let deployment: Deployment;
  /** Two API servers on one database: each evaluates every event, one sends. */
  const servers: ApiServer[] = [];
  let client: GraphQLClient;
  let worker: ServerProcess | undefined;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let projectB: string;
  let tokenA: string;
  let tokenB: string;
  let viewerA: string;
  let ruleOfB: RuleView;
  const rules: Record<string, RuleView> = {};

  /** Server `server`'s GraphQL endpoint, as the holder of `token` (none: the open local mode). */
  const clientOf = (server: number, token?: string) => {
    const endpoint = new GraphQLClient(servers[server].url);
    return token ? endpoint.withToken(token) : endpoint;
  };
  const gql = <T = Record<string, unknown>>(
    server: number,
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ) => clientOf(server, token).request<T>(query, variables);
  const gqlOk = <T = Record<string, unknown>>(
    server: number,
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ) => clientOf(server, token).ok<T>(query, variables);
  const createRule = async (input: Record<string, unknown>, token?: string) =>
    (await gqlOk<{ createAlertRule: RuleView }>(0, CREATE_RULE, { input }, token)).createAlertRule;
  const deliveriesOf = async (ruleId: string) =>
    (
      await client.ok<{ alertDeliveries: DeliveryView[] }>(
        `query ($ruleId: ID) { alertDeliveries(ruleId: $ruleId) { ${DELIVERY_FIELDS} } }`,
        { ruleId },
      )
    ).alertDeliveries;

  beforeAll(async () => {
    database = await createTestDatabase();
    data = await createDataDir();
    deployment = { database, dataDir: data.dir };
    slack = await startSlackStandIn({ '/flaky': 2, '/unreachable': 1000 });
    const config = loadConfig({
      ...deploymentEnv(deployment),
      DRIFTBOARD_ALLOW_HTTP_WEBHOOKS: '1',
      DRIFTBOARD_DASHBOARD_URL: DASHBOARD,
    });
    for (const name of ['alerts-a', 'alerts-b'])
      servers.push(
        await startApiServer(config, createLogger(name, process.env.DRIFTBOARD_TEST_LOG_LEVEL ?? 'silent')),
      );
    client = new GraphQLClient(servers[0].url);
    const { access } = servers[0].services;
    projectB = (await access.createProject('alerts-b')).id;
    tokenA = (await access.createToken({ name: 'a', role: Role.EDITOR, projectIds: [DEFAULT_PROJECT_ID] }))
      .secret;
    tokenB = (await access.createToken({ name: 'b', role: Role.EDITOR, projectIds: [projectB] })).secret;
    viewerA = (await access.createToken({ name: 'va', role: Role.VIEWER, projectIds: [DEFAULT_PROJECT_ID] }))
      .secret;

    const hook = (path: string) => `${slack.url}${path}`;
    rules.status = await createRule({
      name: 'run status',
      kind: 'STATUS',
      statuses: ['RUNNING', 'SUCCEEDED'],
      webhookUrl: hook('/status'),
    });
    // CKA is at most 1, so this fires at the first epoch.
    rules.threshold = await createRule({
      name: 'cka below 1.01',
      kind: 'THRESHOLD',
      metric: 'similarity/cka_mean',
      comparator: 'LT',
      value: 1.01,
      webhookUrl: hook('/threshold'),
    });
    rules.flaky = await createRule({
      name: 'flaky slack',
      kind: 'STATUS',
      statuses: ['SUCCEEDED'],
      webhookUrl: hook('/flaky'),
    });
    rules.disabled = await createRule({
      name: 'switched off',
      kind: 'STATUS',
      statuses: ['SUCCEEDED'],
      webhookUrl: hook('/disabled'),
      enabled: false,
    });
    ruleOfB = await createRule(
      { name: 'b status', kind: 'STATUS', statuses: ['RUNNING', 'SUCCEEDED'], webhookUrl: hook('/other') },
      tokenB,
    );
    await createRule(
      {
        name: 'b cka',
        kind: 'THRESHOLD',
        metric: 'similarity/cka_mean',
        comparator: 'GTE',
        value: 0,
        webhookUrl: hook('/other'),
      },
      tokenB,
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(servers.map((server) => server.close()));
    await slack?.close();
    await database?.drop();
    await data?.remove();
  });

  let run: RunView;

  it('a training run sends one message per rule and run (per status for STATUS rules), from two API servers', async () => {
    worker = await spawnWorker(deployment);
    const sourceModel = await importTinyModel(client, 'alerts-source');
    run = (
      await client.ok<{ startRun: RunView }>(START_RUN, {
        input: {
          sourceModelId: sourceModel.id,
          datasetId: await datasetId(client),
          strategy: { kind: 'last-k', k: 1, epochs: 3 },
          limit: TINY_LIMIT,
          seed: 3,
        },
      })
    ).startRun;
    const finished = await waitForRun(client, run.id, isFinished, 90_000, () => worker!.output());
    expect(finished.status, finished.error ?? '').toBe('SUCCEEDED');

    await waitFor(
      async () => (await deliveriesOf(rules.status.id)).filter((d) => d.status === 'SENT').length === 2,
      15_000,
      { what: 'both status messages' },
    );
    await waitFor(async () => (await deliveriesOf(rules.threshold.id))[0]?.status === 'SENT', 15_000, {
      what: 'the threshold message',
    });
    await sleep(1500); // time for a duplicate to show up, were there one

    const status = slack.to('/status');
    expect(status).toHaveLength(2);
    expect(slack.to('/threshold')).toHaveLength(1);
    for (const post of [...status, ...slack.to('/threshold')]) {
      expect(post.answered).toBe(200);
      expect(post.body.text).toContain(run.id);
      expect(post.body.text).toContain(`${DASHBOARD}/runs/${run.id}`);
      expect(post.body.blocks?.[0].type).toBe('header');
      expect(JSON.stringify(post.body.blocks)).toContain(`<${DASHBOARD}/runs/${run.id}|${run.id}>`);
      expect(JSON.stringify(post.body.blocks)).toContain('last-k');
      expect(JSON.stringify(post.body.blocks)).toContain('synthetic-image');
    }
    expect(status.map((p) => p.body.text).sort()).toEqual([
      expect.stringMatching(/is RUNNING/),
      expect.stringMatching(/is SUCCEEDED/),
    ]);
    expect(slack.to('/threshold')[0].body.text).toMatch(/similarity\/cka_mean = [\d.]+ at epoch 1 /);

    const statusDeliveries = await deliveriesOf(rules.status.id);
    expect(statusDeliveries.map((d) => d.trigger).sort()).toEqual(['status:RUNNING', 'status:SUCCEEDED']);
    for (const delivery of [...statusDeliveries, ...(await deliveriesOf(rules.threshold.id))]) {
      expect(delivery).toMatchObject({ runId: run.id, status: 'SENT', attempts: 1, lastError: null });
      expect(delivery.sentAt).not.toBeNull();
    }
    const { rows } = await database.pool.query<{ rule_id: string; n: string }>(
      'SELECT rule_id, count(*) AS n FROM alert_delivery WHERE run_id = $1 GROUP BY rule_id',
      [run.id],
    );
    const perRule = Object.fromEntries(rows.map((r) => [r.rule_id, Number(r.n)]));
    expect(perRule[rules.status.id]).toBe(2);
    expect(perRule[rules.threshold.id]).toBe(1);
  });

  it('rules of another project and disabled rules do not fire', () => {
    expect(slack.to('/other')).toEqual([]);
    expect(slack.to('/disabled')).toEqual([]);
  });

  it('a webhook that answers 500 twice is retried with back-off: one SENT delivery after 3 attempts', async () => {
    const delivery = await waitFor(
      async () => (await deliveriesOf(rules.flaky.id)).find((d) => d.status !== 'PENDING'),
      30_000,
      {
        what: 'the flaky delivery to finish',
        describe: async () => JSON.stringify(await deliveriesOf(rules.flaky.id)),
      },
    );
    expect(delivery).toMatchObject({
      runId: run.id,
      trigger: 'status:SUCCEEDED',
      status: 'SENT',
      attempts: 3,
    });
    expect(delivery.lastError).toMatch(/statusCode = 500/);
    await sleep(1500);
    const posts = slack.to('/flaky');
    expect(posts.map((p) => p.answered)).toEqual([500, 500, 200]);
    expect(new Set(posts.map((p) => p.body.text)).size).toBe(1);
  });

  it('DECLINE fires once, at the epoch that completes N falling epochs, reading earlier epochs from the database', async () => {
    const rule = await createRule({
      name: 'accuracy falling',
      kind: 'DECLINE',
      metric: 'val/accuracy_clean',
      epochs: 2,
      webhookUrl: `${slack.url}/decline`,
    });
    // A run of the same shape as the trained one, whose epochs this test writes and publishes as a worker would.
    const { rows } = await database.pool.query<{ id: string }>(
      `INSERT INTO run (kind, status, dataset_id, strategy_kind, strategy_spec, seed, epochs, project_id)
       SELECT kind, 'RUNNING', dataset_id, strategy_kind, strategy_spec, seed, 6, project_id FROM run WHERE id = $1
       RETURNING id`,
      [run.id],
    );
    const runId = rows[0].id;
    const bus: EventBus = createEventBus({
      redisUrl: undefined,
      databaseUrl: database.url,
      pool: database.pool,
      logger: createLogger('test-bus', 'silent'),
    });
    try {
      const values = [0.9, 0.8, 0.85, 0.7, 0.6, 0.5];
      for (const [index, value] of values.entries()) {
        const epoch = index + 1;
        await database.pool.query('INSERT INTO metric (run_id, key, epoch, value) VALUES ($1, $2, $3, $4)', [
          runId,
          'val/accuracy_clean',
          epoch,
          value,
        ]);
        await bus.publish('run-event', {
          kind: 'epoch',
          runId,
          projectId: DEFAULT_PROJECT_ID,
          epoch,
          metrics: { 'val/accuracy_clean': value },
        });
      }
      await waitFor(async () => (await deliveriesOf(rule.id))[0]?.status === 'SENT', 15_000, {
        what: 'the decline message',
      });
      await sleep(1500);
    } finally {
      await bus.close();
    }
    const deliveries = await deliveriesOf(rule.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ runId, trigger: 'decline', status: 'SENT', attempts: 1 });
    const posts = slack.to('/decline');
    expect(posts).toHaveLength(1);
    expect(posts[0].body.text).toContain(
      'val/accuracy_clean fell 2 epochs in a row: 0.85 at epoch 3 → 0.6 at epoch 5',
    );
  });

  it('testAlertRule posts a test message now and returns its delivery', async () => {
    const { testAlertRule } = await gqlOk<{ testAlertRule: DeliveryView }>(
      1,
      `mutation ($id: ID!) { testAlertRule(id: $id) { ${DELIVERY_FIELDS} } }`,
      { id: rules.threshold.id },
      tokenA,
    );
    expect(testAlertRule).toMatchObject({
      ruleId: rules.threshold.id,
      runId: null,
      status: 'SENT',
      attempts: 1,
    });
    expect(testAlertRule.trigger).toMatch(/^test:/);
    const last = slack.to('/threshold').at(-1)!;
    expect(last.body.text).toBe(
      'Test message of driftboard alert rule "cka below 1.01" (fires when similarity/cka_mean < 1.01).',
    );
    expect(last.body.blocks?.length).toBeGreaterThan(0);
  });

  it('a token sees and changes only its projects’ rules, and never a full webhook URL', async () => {
    const list = async (token: string, projectId?: string) =>
      gql<{ alertRules: RuleView[] }>(
        1,
        `query ($projectId: ID) { alertRules(projectId: $projectId) { ${RULE_FIELDS} } }`,
        { projectId },
        token,
      );
    const ofA = (await list(tokenA)).data!.alertRules;
    expect(ofA.map((r) => r.id)).toEqual(expect.arrayContaining([rules.status.id, rules.threshold.id]));
    expect(ofA.map((r) => r.id)).not.toContain(ruleOfB.id);
    expect(ofA.every((r) => r.projectId === DEFAULT_PROJECT_ID)).toBe(true);
    expect((await list(tokenB)).data!.alertRules.map((r) => r.name).sort()).toEqual(['b cka', 'b status']);
    expect((await list(tokenA, projectB)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    for (const [query, variables] of [
      ['mutation ($id: ID!) { deleteAlertRule(id: $id) { id } }', { id: ruleOfB.id }],
      ['mutation ($id: ID!) { testAlertRule(id: $id) { id } }', { id: ruleOfB.id }],
      [
        'mutation ($id: ID!, $input: UpdateAlertRuleInput!) { updateAlertRule(id: $id, input: $input) { id } }',
        { id: ruleOfB.id, input: { enabled: false } },
      ],
      ['query ($id: ID) { alertDeliveries(ruleId: $id) { id } }', { id: ruleOfB.id }],
    ] as const) {
      const { errors } = await gql(0, query, variables, tokenA);
      expect(errors?.[0].extensions?.code, query).toBe('NOT_FOUND');
      expect(errors?.[0].message).toBe(`no alert rule with id ${ruleOfB.id}`);
    }
    const { errors } = await gql(
      0,
      CREATE_RULE,
      {
        input: { name: 'x', kind: 'STATUS', statuses: ['FAILED'], webhookUrl: 'https://hooks.slack.com/x/y' },
      },
      viewerA,
    );
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const viewed = (await list(viewerA)).data!.alertRules;
    expect(viewed.length).toBeGreaterThan(0);
    for (const rule of viewed) {
      expect(rule.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…/);
      expect(rule.webhookUrl).not.toContain(slack.url + '/status');
    }
    const { rows } = await database.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM alert_rule WHERE id = $1 AND enabled',
      [ruleOfB.id],
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('updateAlertRule disables a rule and changes its condition', async () => {
    const { updateAlertRule } = await gqlOk<{ updateAlertRule: RuleView & Record<string, unknown> }>(
      0,
      `mutation ($id: ID!, $input: UpdateAlertRuleInput!) { updateAlertRule(id: $id, input: $input) { ${RULE_FIELDS} } }`,
      { id: rules.threshold.id, input: { enabled: false, comparator: 'GTE', value: 0.5 } },
      tokenA,
    );
    expect(updateAlertRule).toMatchObject({
      kind: 'THRESHOLD',
      metric: 'similarity/cka_mean',
      comparator: 'GTE',
      value: 0.5,
      enabled: false,
      condition: 'similarity/cka_mean >= 0.5',
    });
  });

  it('disabling a rule drops its deliveries still waiting for a retry', async () => {
    const rule = await createRule({
      name: 'slack is down',
      kind: 'STATUS',
      statuses: ['FAILED'],
      webhookUrl: `${slack.url}/unreachable`,
    });
    const { testAlertRule } = await gqlOk<{ testAlertRule: DeliveryView }>(
      0,
      `mutation ($id: ID!) { testAlertRule(id: $id) { ${DELIVERY_FIELDS} } }`,
      { id: rule.id },
      tokenA,
    );
    expect(testAlertRule).toMatchObject({ status: 'PENDING', attempts: 1 });
    await gqlOk(
      0,
      'mutation ($id: ID!) { updateAlertRule(id: $id, input: { enabled: false }) { id } }',
      { id: rule.id },
      tokenA,
    );
    const [dropped] = await deliveriesOf(rule.id);
    expect(dropped).toMatchObject({ status: 'FAILED', attempts: 1, nextAttemptAt: null });
    expect(dropped.lastError).toMatch(/statusCode = 500; the rule was disabled before this was sent$/);
    // The first retry would have been due after 2 s: nothing more reaches Slack.
    await sleep(3000);
    expect(slack.to('/unreachable')).toHaveLength(1);
  });
});
