import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/database/database.js';
import { createLogger } from '../src/logger.js';
import { metricsCsvHandler } from '../src/modules/metric/metric-csv.js';
import { MetricRepository } from '../src/modules/metric/metric.repository.js';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  isFinished,
  waitForRun,
  type RunView,
} from './support/fixtures.js';

const NOTEBOOK_DIR = fileURLToPath(new URL('../../../examples/notebook/', import.meta.url));
const SCRIPT = `${NOTEBOOK_DIR}compare_strategies.py`;
const NOTEBOOK = `${NOTEBOOK_DIR}driftboard.ipynb`;
const STRATEGIES = [
  { kind: 'last-k', k: 1, epochs: 2 },
  { kind: 'full', epochs: 3 },
];
const CKA = 'similarity/cka_mean';
const METRIC_SERIES = `query ($runIds: [ID!]!, $keys: [String!]!) {
  metricSeries(runIds: $runIds, keys: $keys) { runId key epochs values }
}`;

interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs python3 with `args`, DRIFTBOARD_URL = `url` and DRIFTBOARD_TOKEN = `token`; resolves with its exit code and output. */
function python(args: string[], url: string, token?: string): Promise<Finished> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DRIFTBOARD_URL: url,
    DRIFTBOARD_TOKEN: token,
    PYTHONPATH: NOTEBOOK_DIR,
    // No __pycache__ left in the examples folder.
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (token === undefined) delete env.DRIFTBOARD_TOKEN;
  return new Promise((resolve) => {
    execFile('python3', args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Parses CSV without quoted fields (driftboard's metric keys need none). */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split(','));
}

/** A URL on which nothing listens: a port the OS just handed out and took back. */
async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

describe('the notebook example and the CSV download', () => {
  let env: TestEnvironment;
  let runs: RunView[];
  let baseUrl: string;

  beforeAll(async () => {
    env = await startEnvironment();
    await env.spawnWorker();
    baseUrl = env.api.server.url.replace(/\/graphql$/, '');
    const targetDatasetId = await datasetId(env.client);
    const model = await importTinyModel(env.client, 'notebook-source');
    const started = [];
    for (const [i, strategy] of STRATEGIES.entries()) {
      const { startRun } = await env.client.ok<{ startRun: RunView }>(START_RUN, {
        input: { sourceModelId: model.id, datasetId: targetDatasetId, strategy, limit: TINY_LIMIT, seed: i },
      });
      started.push(startRun);
    }
    runs = [];
    for (const run of started) {
      const finished = await waitForRun(env.client, run.id, isFinished, 90_000, env.processOutput);
      expect(finished.status, finished.error ?? '').toBe('SUCCEEDED');
      runs.push(finished);
    }
  });

  afterAll(async () => {
    await env?.close();
  });

  it('compare_strategies.py --json lists both runs with the accuracies the API reports', async () => {
    const result = await python([SCRIPT, '--json', '--status', 'SUCCEEDED'], env.api.server.url);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      runs: Record<string, unknown>[];
      strategies: Record<string, unknown>[];
    };
    expect(output.runs).toHaveLength(2);
    for (const run of runs) {
      expect(output.runs).toContainEqual(
        expect.objectContaining({
          run_id: run.id,
          strategy: run.strategySpec.kind,
          dataset: 'synthetic-image',
          status: 'SUCCEEDED',
          final_val_accuracy: run.summary.finalValAccuracy,
          final_val_accuracy_clean: run.summary.finalValAccuracyClean,
          final_cka_mean: run.summary.finalCkaMean,
        }),
      );
      // One run per strategy: its mean and best are that run's numbers.
      expect(output.strategies).toContainEqual({
        strategy: run.strategySpec.kind,
        runs: 1,
        best_final_val_accuracy: run.summary.finalValAccuracy,
        mean_final_val_accuracy: run.summary.finalValAccuracy,
        mean_final_val_accuracy_clean: run.summary.finalValAccuracyClean,
        mean_final_cka_mean: run.summary.finalCkaMean,
      });
    }

    // The client's helper, as the notebook calls it, gives the script's table.
    const helper = await python(
      [
        '-c',
        'import json\nfrom driftboard_client import DriftboardClient\nprint(json.dumps(DriftboardClient().compare_strategies(status=["SUCCEEDED"])))',
      ],
      env.api.server.url,
    );
    expect(helper.code, helper.stderr).toBe(0);
    expect(JSON.parse(helper.stdout)).toEqual(output.strategies);

    const text = await python([SCRIPT], env.api.server.url);
    expect(text.code, text.stderr).toBe(0);
    for (const strategy of STRATEGIES) expect(text.stdout).toMatch(new RegExp(`^${strategy.kind}\\s`, 'm'));

    const none = await python([SCRIPT, '--json', '--status', 'FAILED'], env.api.server.url);
    expect(JSON.parse(none.stdout)).toEqual({ runs: [], strategies: [] });
  });

  it('compare_strategies.py exits 1 with one line when the server cannot be reached or answers an error', async () => {
    const url = await closedPortUrl();
    const unreachable = await python([SCRIPT, '--json'], url);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toMatch(/^compare_strategies: cannot reach driftboard at .+\n$/);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);

    const notGraphQL = await python([SCRIPT, '--json'], `${baseUrl}/not-graphql`);
    expect(notGraphQL.code).toBe(1);
    expect(notGraphQL.stdout).toBe('');
    expect(notGraphQL.stderr).toMatch(
      /^compare_strategies: driftboard answered HTTP 404 for .+: Not Found\n$/,
    );

    const unknownDataset = await python([SCRIPT, '--dataset', 'no-such-dataset'], env.api.server.url);
    expect(unknownDataset.code).toBe(1);
    expect(unknownDataset.stderr).toMatch(/^compare_strategies: no dataset named "no-such-dataset"; .*\n$/);
    expect(unknownDataset.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("the client's metric_rows returns one row per point metricSeries returns", async () => {
    const keys = ['val/accuracy', CKA, 'train/loss'];
    const runIds = runs.map((run) => run.id);
    const { metricSeries } = await env.client.ok<{
      metricSeries: { runId: string; key: string; epochs: number[]; values: number[] }[];
    }>(METRIC_SERIES, { runIds, keys });
    const expected = metricSeries.flatMap((series) =>
      series.epochs.map((epoch, i) => ({
        run_id: series.runId,
        key: series.key,
        epoch,
        value: series.values[i],
      })),
    );
    expect(expected).toHaveLength(keys.length * (2 + 3));

    const script = [
      'import json, sys',
      'from driftboard_client import DriftboardClient',
      'rows = DriftboardClient().metric_rows(sys.argv[1].split(","), sys.argv[2].split(","), max_points=500)',
      'print(json.dumps(rows))',
    ].join('\n');
    const result = await python(['-c', script, runIds.join(','), keys.join(',')], env.api.server.url);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as unknown[];
    expect(rows).toHaveLength(expected.length);
    expect(rows).toEqual(expected);
  });

  it("the client raises the server's error messages with their extensions.code", async () => {
    const script = [
      'from driftboard_client import DriftboardClient, DriftboardError',
      'try:',
      '    DriftboardClient().query("query ($id: ID!) { run(id: $id) { id } }", {"id": "00000000-0000-4000-8000-00000000abcd"})',
      'except DriftboardError as error:',
      '    print(error.codes, error)',
    ].join('\n');
    const result = await python(['-c', script], env.api.server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\['NOT_FOUND'\] driftboard answered with errors: .+ \[NOT_FOUND\]\n$/);

    // The token goes along as a bearer token: the server checks even an unknown one.
    const withToken = await python([SCRIPT], env.api.server.url, 'not-a-real-token');
    expect(withToken.code).toBe(1);
    expect(withToken.stderr).toMatch(
      /^compare_strategies: driftboard answered HTTP 401: .+ \[UNAUTHENTICATED\]\n$/,
    );
  });

  it('GET /runs/:id/metrics.csv has a row per stored epoch, a column per key, the values of `history`', async () => {
    const [run] = runs;
    // A metric present at epoch 1 only: its cell at epoch 2 is empty.
    await env.deployment.database.pool.query(
      `INSERT INTO metric (run_id, key, epoch, value) VALUES ($1, 'custom/first_epoch_only', 1, 0.125)`,
      [run.id],
    );
    const { history } = (await waitForRun(env.client, run.id, isFinished, 5_000)) as Required<RunView>;
    const keys = [...new Set(history.flatMap((h) => Object.keys(h.metrics)))].sort();
    expect(keys).toContain('custom/first_epoch_only');

    const response = await fetch(`${baseUrl}/runs/${run.id}/metrics.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="run-${run.id}-metrics.csv"`,
    );
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['epoch', ...keys]);
    expect(rows.map((row) => Number(row[0]))).toEqual(history.map((h) => h.epoch));
    expect(rows.map((row) => row.length)).toEqual(rows.map(() => header.length));
    for (const [i, row] of rows.entries()) {
      const expected = keys.map((key) => (key in history[i].metrics ? history[i].metrics[key] : ''));
      expect(row.slice(1).map((cell) => (cell === '' ? '' : Number(cell)))).toEqual(expected);
    }
    expect(rows[1][header.indexOf('custom/first_epoch_only')]).toBe('');
  });

  it('the client downloads the same CSV', async () => {
    const [, run] = runs;
    const direct = await (await fetch(`${baseUrl}/runs/${run.id}/metrics.csv`)).text();
    const script =
      'import sys\nfrom driftboard_client import DriftboardClient\nsys.stdout.write(DriftboardClient().metrics_csv(sys.argv[1]))';
    const result = await python(['-c', script, run.id], env.api.server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(direct);
    expect(parseCsv(direct)).toHaveLength(1 + run.epochsCompleted);
  });

  it('answers 400 for a malformed run id and 404 for an unknown one, in one plain-text line', async () => {
    const malformed = await fetch(`${baseUrl}/runs/not-a-run/metrics.csv`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^text\/plain/);
    const message = await malformed.text();
    expect(message).toMatch(/^"not-a-run" is not a run id: a run id is a UUID such as [0-9a-f-]{36}\n$/);

    const unknownId = '00000000-0000-4000-8000-00000000abcd';
    const unknown = await fetch(`${baseUrl}/runs/${unknownId}/metrics.csv`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await unknown.text()).toBe(`no run with id ${unknownId}\n`);
  });

  describe('the handler on its own', () => {
    let database: Database;
    let server: http.Server;
    let url: string;
    const checked: string[] = [];

    beforeAll(async () => {
      database = await openDatabase(env.deployment.database.url, createLogger('test-csv', 'silent'), {
        migrate: false,
        poolSize: 2,
      });
      const app = express();
      const metrics = new MetricRepository(database.dataSource);
      const logger = createLogger('test-csv', 'silent');
      // One epoch per page, so a run of several epochs takes several pages.
      app.get('/paged/:id', metricsCsvHandler(metrics, logger, { epochsPerPage: 1 }));
      app.get(
        '/guarded/:id',
        metricsCsvHandler(metrics, logger, {
          canSeeRun: async (request, _response, projectId) => {
            checked.push(projectId);
            return request.headers.authorization === 'Bearer yes';
          },
        }),
      );
      server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await database?.close();
    });

    it('reads page by page to the same CSV', async () => {
      for (const run of runs) {
        const whole = await (await fetch(`${baseUrl}/runs/${run.id}/metrics.csv`)).text();
        const paged = await (await fetch(`${url}/paged/${run.id}`)).text();
        expect(paged).toBe(whole);
      }
    });

    it("asks canSeeRun with the run's project and answers a refused run like an unknown one", async () => {
      const [run] = runs;
      const refused = await fetch(`${url}/guarded/${run.id}`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).toBe(`no run with id ${run.id}\n`);
      const allowed = await fetch(`${url}/guarded/${run.id}`, { headers: { authorization: 'Bearer yes' } });
      expect(allowed.status).toBe(200);
      const { rows } = await env.deployment.database.pool.query<{ project_id: string }>(
        'SELECT project_id FROM run WHERE id = $1',
        [run.id],
      );
      expect(checked).toEqual([rows[0].project_id, rows[0].project_id]);
    });
  });

  it('the README prints the GraphQL the client sends, verbatim', async () => {
    const script =
      'import json\nimport driftboard_client as d\nprint(json.dumps([d.RUNS_QUERY, d.METRIC_SERIES_QUERY, d.DATASETS_QUERY]))';
    const result = await python(['-c', script], env.api.server.url);
    expect(result.code, result.stderr).toBe(0);
    const readme = await readFile(`${NOTEBOOK_DIR}README.md`, 'utf8');
    for (const query of JSON.parse(result.stdout) as string[]) expect(readme).toContain(`\n${query}\n`);
  });

  it('driftboard.ipynb is an nbformat-4 notebook whose every code cell is valid Python', async () => {
    const notebook = JSON.parse(await readFile(NOTEBOOK, 'utf8')) as {
      nbformat: number;
      nbformat_minor: number;
      metadata: { kernelspec?: { name: string } };
      cells: {
        id?: string;
        cell_type: string;
        source: string[] | string;
        metadata: unknown;
        outputs?: unknown[];
        execution_count?: number | null;
      }[];
    };
    expect(notebook.nbformat).toBe(4);
    expect(notebook.metadata.kernelspec?.name).toBe('python3');
    // nbformat 4.5 gives every cell a unique id; code cells carry (here empty) outputs.
    expect(notebook.nbformat_minor).toBeGreaterThanOrEqual(5);
    expect(new Set(notebook.cells.map((c) => c.id)).size).toBe(notebook.cells.length);
    for (const cell of notebook.cells) {
      expect(cell.metadata).toEqual({});
      if (cell.cell_type === 'code') expect(cell).toMatchObject({ outputs: [], execution_count: null });
    }
    expect(notebook.cells.map((c) => c.cell_type)).toEqual(expect.arrayContaining(['markdown', 'code']));
    const code = notebook.cells.filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThanOrEqual(5);
    const sources = code.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    const joined = sources.join('\n');
    for (const step of ['metric_rows', 'pivot', 'matplotlib', 'compare_strategies', 'read_csv']) {
      expect(joined).toContain(step);
    }
    const check = [
      'import ast, json, sys',
      'for i, source in enumerate(json.loads(sys.stdin.read())):',
      '    try:',
      '        ast.parse(source)',
      '    except SyntaxError as error:',
      '        print(f"code cell {i + 1}: {error}")',
    ].join('\n');
    const result = await new Promise<Finished>((resolve) => {
      const child = execFile('python3', ['-c', check], (error, stdout, stderr) =>
        resolve({ code: error ? -1 : 0, stdout, stderr }),
      );
      child.stdin!.end(JSON.stringify(sources));
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });
});
