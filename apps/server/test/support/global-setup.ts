import type { TestProject } from 'vitest/node';
import { accepts, startTestEmbeddedPostgres } from './postgres.js';

/**
 * Optional vitest `globalSetup` (add `globalSetup: ['apps/server/test/support/global-setup.ts']`
 * to vitest.config.ts): when DATABASE_URL is unset and no PostgreSQL listens on
 * 127.0.0.1:5432, it starts ONE embedded PostgreSQL for every test file of the
 * run and stops it at the end. Without it, each test file that needs one starts
 * its own (support/postgres.ts), which works but costs an initdb per file.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL || (await accepts('127.0.0.1', 5432))) return undefined;
  const embedded = await startTestEmbeddedPostgres();
  project.provide('driftboardPostgresUrl', embedded.url);
  return () => embedded.stop();
}
