import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCREENSHOTS,
  TINY_LIMIT,
  graphqlClient,
  pretrainTinySourceModel,
  runNode,
  startDashboard,
  type Dashboard,
} from './support';

/**
 * The dashboard against a server that requires tokens (DRIFTBOARD_AUTH=token):
 * tokens are created with `npm run token` (its built CLI) before the server
 * starts, as an operator would; then Chromium signs in with a VIEWER token.
 * Saves the sign-in page to docs/screenshots/signin.png.
 */
const TOKEN_CLI = fileURLToPath(new URL('../../server/dist/tools/token-command.js', import.meta.url));

describe('the dashboard with tokens required', () => {
  let dashboard: Dashboard | undefined;
  let page: Page;
  let web: string;
  let admin: ReturnType<typeof graphqlClient>;
  let viewerSecret: string;
  let doomed: { id: string; secret: string };
  let visionProjectId: string;
  let longRunId: string;

  /** `npm run token -- ...` against the suite's database; returns the secret it prints, if any. */
  const tokenCli = async (databaseUrl: string, ...args: string[]) => {
    const output = await runNode(TOKEN_CLI, args, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
    return {
      output,
      secret: /\b(dbt_[A-Za-z0-9_-]+)/.exec(output)?.[1],
      id: /\(id ([0-9a-f-]{36})\)/.exec(output)?.[1],
    };
  };
  const shot = async (name: string) => {
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const signInField = () => page.getByTestId('signin-form').getByLabel('API token');

  beforeAll(async () => {
    let adminSecret = '';
    dashboard = await startDashboard({
      env: { DRIFTBOARD_AUTH: 'token' },
      readyPath: '/signin',
      // The server refuses to start with DRIFTBOARD_AUTH=token until a token exists.
      async beforeStart(databaseUrl) {
        await tokenCli(databaseUrl, 'project', 'vision');
        const adminToken = await tokenCli(databaseUrl, 'create', '--role', 'admin', '--name', 'e2e-admin');
        const viewerToken = await tokenCli(
          databaseUrl,
          'create',
          '--role',
          'viewer',
          '--name',
          'e2e-viewer',
          '--project',
          'default',
          '--project',
          'vision',
        );
        if (!adminToken.secret || !viewerToken.secret)
          throw new Error(`no secret printed:\n${adminToken.output}\n${viewerToken.output}`);
        adminSecret = adminToken.secret;
        viewerSecret = viewerToken.secret;
        const doomedToken = await tokenCli(
          databaseUrl,
          'create',
          '--role',
          'viewer',
          '--name',
          'e2e-doomed',
          '--project',
          'default',
        );
        doomed = { id: doomedToken.id!, secret: doomedToken.secret! };
      },
    });
    ({ web, page } = dashboard);
    admin = graphqlClient(dashboard.apiUrl, adminSecret);

    const { projects } = await admin<{ projects: { id: string; name: string }[] }>(
      '{ projects { id name } }',
    );
    visionProjectId = projects.find((p) => p.name === 'vision')!.id;
    // A source model for the New run form, and a long run in `default` for the viewer to try to cancel.
    const { sourceModelId, datasetId } = await pretrainTinySourceModel(admin);
    const { startRun } = await admin<{ startRun: { id: string } }>(
      'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
      {
        input: {
          sourceModelId,
          datasetId,
          strategy: { kind: 'last-k', k: 1, epochs: 200 },
          limit: TINY_LIMIT,
          tags: ['long'],
        },
      },
    );
    longRunId = startRun.id;
  }, 120_000);

  afterAll(async () => {
    if (longRunId)
      await admin('mutation($id: ID!) { cancelRun(id: $id) { id } }', { id: longRunId }).catch(() => {});
    await dashboard?.close();
  });

  it('sends a visitor without a token to sign in, remembering the page', async () => {
    await page.goto(`${web}/runs?status=RUNNING`);
    await page.waitForURL(/\/signin\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/runs?status=RUNNING');
    await signInField().waitFor();
    await expect(page.getByTestId('signin-form').textContent()).resolves.toContain(
      'npm run token -- create --role viewer --project <name>',
    );
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    await shot('signin');
  });

  it('shows the server’s message next to the field for a wrong token', async () => {
    await signInField().fill('dbt_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/unknown or revoked/);
    expect(page.url()).toMatch(/\/signin\?next=/);
  });

  it('signs a VIEWER token in: back to the page, its name and role in the header, the runs listed', async () => {
    await signInField().fill(viewerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/runs\?status=RUNNING$/);
    const header = page.getByTestId('signed-in-as');
    await header.getByText('e2e-viewer').waitFor();
    expect(await header.textContent()).toContain('viewer');
    expect(await page.evaluate(() => localStorage.getItem('driftboard.apiToken'))).toBe(viewerSecret);

    await page.goto(`${web}/runs`);
    const longRow = page.getByTestId('runs-table').locator(`[data-run-id="${longRunId}"]`);
    await longRow.waitFor();
    // Two projects: the list filters by one, in the URL.
    await page.getByLabel('Filter by project').selectOption({ label: 'vision' });
    await page.waitForURL(new RegExp(`project=${visionProjectId}`));
    await longRow.waitFor({ state: 'detached' });
    await page.getByLabel('Filter by project').selectOption({ label: 'All projects' });
    await longRow.waitFor();
  });

  it('shows the FORBIDDEN message where a VIEWER tries to cancel or start a run', async () => {
    await page.goto(`${web}/runs/${longRunId}`);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    const cancelError = page.getByTestId('cancel-error');
    await cancelError.waitFor();
    expect(await cancelError.textContent()).toContain(
      'cancelRun needs the EDITOR role; this token has VIEWER',
    );

    await page.goto(`${web}/runs/new`);
    const form = page.getByTestId('new-run-form');
    await form.waitFor();
    // The viewer sees two projects, so the form asks which (the first by default).
    expect(await form.getByLabel('Project').locator('option:checked').textContent()).toBe('default');
    await form.getByLabel('Project').selectOption({ label: 'vision' });
    await page.waitForURL(new RegExp(`/runs/new\\?project=${visionProjectId}$`));
    await form.getByLabel('Source model').selectOption({ label: 'tiny-cnn (cnn-ref)' });
    await form.getByRole('button', { name: 'Start run' }).click();
    const startError = page.getByTestId('start-error');
    await startError.waitFor();
    expect(await startError.textContent()).toContain('startRun needs the EDITOR role; this token has VIEWER');
    expect(page.url()).toMatch(/\/runs\/new/);
  });

  it('signs out to the sign-in page, after which the dashboard asks for a token again', async () => {
    await page.getByTestId('signed-in-as').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    expect(await page.evaluate(() => localStorage.getItem('driftboard.apiToken'))).toBeNull();
    await page.goto(`${web}/runs`);
    await page.waitForURL(/\/signin\?next=%2Fruns$/);
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  });

  it('sends the user back to sign in once their stored token is revoked', async () => {
    await signInField().fill(doomed.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByTestId('signed-in-as').getByText('e2e-doomed').waitFor();
    // One project: nothing to filter by.
    await page.locator(`[data-run-id="${longRunId}"]`).waitFor();
    expect(await page.getByLabel('Filter by project').count()).toBe(0);
    await admin('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: doomed.id });
    await page.reload();
    await page.waitForURL(/\/signin\?next=%2Fruns$/);
    expect(await page.evaluate(() => localStorage.getItem('driftboard.apiToken'))).toBeNull();
  });
});
