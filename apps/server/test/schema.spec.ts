import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printApiSchema } from '../src/graphql/print-schema.js';

const committed = fileURLToPath(new URL('../../../packages/schema/schema.graphql', import.meta.url));

describe('schema.graphql', () => {
  it('is what the resolvers emit (run `npm run codegen -w @driftboard/server` after an API change)', async () => {
    expect(await printApiSchema()).toBe(await readFile(committed, 'utf8'));
  });
});
