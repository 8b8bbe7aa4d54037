import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCREENSHOTS,
  TINY_LIMIT,
  graphqlClient,
  pretrainTinySourceModel,
  startDashboard,
  waitFor,
  type Dashboard,
} from './support';

/**
 * The dashboard end to end: `node apps/server/dist/main.js` (API, worker and
 * `next start`) on a fresh database, driven by Chromium. Saves a screenshot of
 * every page to docs/screenshots/ for the README.
 */
describe('the dashboard', () => {
  let dashboard: Dashboard | undefined;
  let page: Page;
  let web: string;
  let gql: ReturnType<typeof graphqlClient>;
  let datasetId: string;
  let sourceModelId: string;
  const runIds: string[] = [];

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0)); // the sticky top bar belongs at the top
    await page.waitForTimeout(400); // chart animations settle
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const startRun = async (strategy: Record<string, unknown>, tags: string[]) => {
    const data = await gql<{ startRun: { id: string } }>(
      'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
      { input: { sourceModelId, datasetId, strategy, limit: TINY_LIMIT, tags } },
    );
    return data.startRun.id;
  };
  /** Set once per page load: still there later means the page never reloaded. */
  const markPage = () => page.evaluate(() => ((window as unknown as { e2eMark: number }).e2eMark = 42));
  const pageMark = () => page.evaluate(() => (window as unknown as { e2eMark?: number }).e2eMark);

  beforeAll(async () => {
    dashboard = await startDashboard({ readyPath: '/runs' });
    ({ web, page } = dashboard);
    gql = graphqlClient(dashboard.apiUrl);
    ({ sourceModelId, datasetId } = await pretrainTinySourceModel(gql));
  }, 120_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('lists datasets and creates a quality profile from the form', async () => {
    await page.goto(`${web}/datasets`);
    await page.getByTestId('datasets').getByText('synthetic-image').waitFor();
    const form = page.getByTestId('profile-form');
    await form.getByLabel('Dataset').selectOption({ label: 'synthetic-image' });
    await form.getByLabel('Name').fill('noisy labels 30');
    await form.getByLabel('Label noise rate').fill('0.3');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await page.getByTestId('profiles').getByText('noisy labels 30').waitFor();
    await expect(
      page.getByTestId('profiles').getByText('30% symmetric label noise').isVisible(),
    ).resolves.toBe(true);
    await shot('datasets');
  });

  it('starts a run from the New run form, shows server errors by the field, and grows its charts live', async () => {
    await page.goto(`${web}/runs/new`);
    const form = page.getByTestId('new-run-form');
    await form.waitFor();
    await form.getByLabel('Source model').selectOption({ label: 'tiny-cnn (cnn-ref)' });
    await form.getByLabel('Dataset').selectOption({ label: 'synthetic-image' });
    await form.getByLabel('Quality profile').selectOption({ label: 'noisy labels 30' });
    await page.getByTestId('recommendation').waitFor();
    await form.getByRole('radiogroup', { name: 'Strategy kind' }).getByText('last-k').click();
    await form.locator('input[name=k]').fill('1');
    await form.locator('input[name=epochs]').fill('3');
    await form.locator('input[name=limit]').fill(String(TINY_LIMIT));

    // The server rejects a negative learning rate; its message shows next to that field.
    await form.locator('input[name=learningRate]').fill('-1');
    await form.getByRole('button', { name: 'Start run' }).click();
    const fieldError = form.locator('.field-invalid .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/learningRate/);
    expect(page.url()).toMatch(/\/runs\/new$/);

    await form.locator('input[name=learningRate]').fill('0.003');
    await shot('new-run');
    await form.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').at(-1)!;
    runIds.push(runId);
    await markPage();

    // Every epoch count the page shows, sampled until the run succeeds: it must climb to 3 on its own.
    const seen = new Set<number>();
    await waitFor(
      'the run page to show 3 epochs and SUCCEEDED',
      async () => {
        const epochs = Number(
          (await page
            .getByTestId('run-charts')
            .getAttribute('data-epochs', { timeout: 50 })
            .catch(() => '0')) ?? 0,
        );
        seen.add(epochs);
        const status = await page.locator('.run-title [data-status]').getAttribute('data-status');
        return epochs === 3 && status === 'SUCCEEDED' ? true : undefined;
      },
      60_000,
    );
    expect(Math.min(...seen)).toBeLessThan(3);
    expect(await pageMark()).toBe(42);
    await expect(page.getByTestId('epoch-progress').textContent()).resolves.toContain('epoch 3 / 3');
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(6);
    await page.getByTestId('run-log').waitFor();
    await shot('run');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('run-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('updates statuses on the runs page without a reload (QUEUED → RUNNING → SUCCEEDED, CANCELLED)', async () => {
    await page.goto(`${web}/runs`);
    await page.getByTestId('runs-table').locator(`[data-run-id="${runIds[0]}"]`).waitFor();
    await markPage();
    // The one worker trains one run at a time: B waits in the queue behind the long run A.
    const long = await startRun({ kind: 'full', epochs: 200, learningRate: 0.003 }, ['long']);
    const baseline = await startRun({ kind: 'full', epochs: 3, learningRate: 0.003 }, ['baseline']);
    runIds.push(baseline);
    const statusOf = (id: string) =>
      page
        .locator(`[data-run-id="${id}"]`)
        .getAttribute('data-status', { timeout: 50 })
        .catch(() => null);
    const seen: string[] = [];
    const track = async () => {
      const status = await statusOf(baseline);
      if (status && seen.at(-1) !== status) seen.push(status);
      return status;
    };
    await waitFor(
      'the long run RUNNING and the baseline QUEUED',
      async () => ((await statusOf(long)) === 'RUNNING' && (await track()) === 'QUEUED' ? true : undefined),
      30_000,
    );
    await gql('mutation($id: ID!) { cancelRun(id: $id) { id } }', { id: long });
    await waitFor(
      'the baseline to succeed',
      async () => ((await track()) === 'SUCCEEDED' ? true : undefined),
      60_000,
    );
    expect(seen[0]).toBe('QUEUED');
    expect(seen.at(-1)).toBe('SUCCEEDED');
    expect(await statusOf(long)).toBe('CANCELLED');
    expect(await pageMark()).toBe(42);
    // The summary numbers come with the reload of the page's query that a status change triggers.
    const accuracy = page.locator(`[data-run-id="${baseline}"] td.num`).first();
    await waitFor(
      'the final accuracy',
      async () => ((await accuracy.textContent())?.includes('%') ? true : undefined),
      10_000,
    );
    await shot('runs');

    // Filter and sort live in the URL.
    await page.getByRole('button', { name: 'succeeded', exact: true }).click();
    await page.waitForURL(/status=SUCCEEDED/);
    await page.locator(`[data-run-id="${long}"]`).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Clean acc' }).click();
    await page.waitForURL(/sort=val%2Faccuracy_clean/);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.locator(`[data-run-id="${long}"]`).waitFor();
  });

  it('compares the two runs: curves, accuracy against CKA with the Pareto front, spec differences', async () => {
    for (const id of runIds) await page.locator(`[data-run-id="${id}"] input[type=checkbox]`).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(/\/compare\?runs=/);
    await page.getByTestId('differences').waitFor();
    expect(await page.getByTestId('differences').textContent()).toMatch(/kind/);
    await page.locator('.chart canvas').nth(1).waitFor();
    await shot('compare');
  });

  it('cancels a running run from its page', async () => {
    const id = await startRun({ kind: 'last-k', k: 1, epochs: 200 }, ['cancel-me']);
    await page.goto(`${web}/runs/${id}`);
    await waitFor(
      'the run to train a first epoch',
      async () =>
        Number(
          await page
            .getByTestId('run-charts')
            .getAttribute('data-epochs', { timeout: 50 })
            .catch(() => 0),
        ) > 0
          ? true
          : undefined,
      30_000,
    );
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('.run-title [data-status="CANCELLED"]').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
  });

  it('shows a sweep: its runs live and the accuracy–CKA Pareto front', async () => {
    const strategyIds: string[] = [];
    for (const [name, spec] of [
      ['probe', { kind: 'linear-probe', epochs: 2 }],
      ['full', { kind: 'full', epochs: 2, learningRate: 0.003 }],
    ] as const) {
      const { createStrategy } = await gql<{ createStrategy: { id: string } }>(
        'mutation($input: CreateStrategyInput!) { createStrategy(input: $input) { id } }',
        { input: { name, spec } },
      );
      strategyIds.push(createStrategy.id);
    }
    const { startSweep } = await gql<{ startSweep: { id: string } }>(
      'mutation($input: StartSweepInput!) { startSweep(input: $input) { id } }',
      {
        input: {
          name: 'probe vs full',
          sourceModelId,
          datasetId,
          strategyIds,
          limit: TINY_LIMIT,
          seeds: [0],
        },
      },
    );
    await page.goto(`${web}/sweeps/${startSweep.id}`);
    await page.getByText('2 / 2 runs finished').waitFor({ timeout: 60_000 });
    await page.getByText('on front').first().waitFor();
    await shot('sweep');
  });

  it('starts a sweep from the New sweep form: a saved strategy and one saved inline, × 1 seed', async () => {
    await page.goto(`${web}/sweeps/new`);
    const form = page.getByTestId('new-sweep-form');
    await form.waitFor();
    await form.getByLabel('Sweep name').fill('full vs last-k');
    await form.getByLabel('Source model').selectOption({ label: 'tiny-cnn (cnn-ref)' });
    await form.getByLabel('Dataset').selectOption({ label: 'synthetic-image' });
    await form.locator('input[name=limit]').fill(String(TINY_LIMIT));
    await form.locator('input[name=seeds]').fill('0');
    await form.getByRole('checkbox', { name: /^full\b/ }).check();

    // Saved inline, the new strategy is ticked for the sweep.
    const save = page.getByTestId('save-strategy-form');
    await save.getByLabel('Strategy name').fill('last-k from form');
    await save.getByRole('radiogroup', { name: 'Strategy kind' }).getByText('last-k').click();
    await save.locator('input[name=epochs]').fill('2');
    await save.getByRole('button', { name: 'Save strategy' }).click();
    await form.getByRole('checkbox', { name: /^last-k from form\b/ }).waitFor();
    expect(await form.getByRole('checkbox', { name: /^last-k from form\b/ }).isChecked()).toBe(true);
    await expect(page.getByTestId('grid-size').textContent()).resolves.toContain('= 2 runs');
    await shot('new-sweep');

    await page.getByRole('button', { name: /^Start sweep/ }).click();
    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'full vs last-k' }).waitFor();
    await page.getByText('/ 2 runs finished').waitFor();
    expect(await page.locator('.table tbody tr').count()).toBe(2);
  });

  it('edits a run’s tags and notes on its page', async () => {
    await page.goto(`${web}/runs/${runIds[0]}`);
    await page.getByRole('button', { name: 'Edit tags & notes' }).click();
    const form = page.getByTestId('run-tags-form');
    await form.getByLabel('Tags').fill('keep, e2e');
    await form.getByLabel('Notes').fill('looks good');
    await form.getByRole('button', { name: 'Save' }).click();
    const tags = page.getByTestId('run-tags');
    await tags.getByText('looks good').waitFor();
    expect(await tags.locator('.tag').allTextContents()).toEqual(['keep', 'e2e']);
  });
});
