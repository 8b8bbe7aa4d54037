import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_URL, SCHEMA_URL, generateClientTypes } from './generate-client-types.js';

describe('client types (src/client/api-types.ts)', () => {
  it('are what schema.graphql generates', async () => {
    const generated = generateClientTypes(await readFile(SCHEMA_URL, 'utf8'));
    const committed = await readFile(CLIENT_TYPES_URL, 'utf8');
    expect(committed, 'src/client/api-types.ts is stale: run `npm run codegen -w @driftboard/schema`').toBe(
      generated,
    );
  });

  it('print enums, nullability, lists, defaults, unions and arguments', () => {
    const out = generateClientTypes(`
      scalar DateTime
      enum Color { RED GREEN }
      type A { id: ID! at: DateTime maybe: [Int] tags: [String!]! color: Color! }
      type B { n: Float! }
      union AB = A | B
      input In { x: Int! = 1 y: String z: Boolean! }
      type Query { a(id: ID!, first: Int = 5): A! ab: AB }
    `);
    expect(out).toContain(`export const Color = {\n  RED: 'RED',\n  GREEN: 'GREEN',\n} as const;`);
    expect(out).toContain(`export type Color = 'RED' | 'GREEN';`);
    expect(out).toContain(
      `export interface A {\n  __typename: 'A';\n  id: string;\n  at?: DateTime | null;\n` +
        `  maybe?: (number | null)[] | null;\n  tags: string[];\n  color: Color;\n}`,
    );
    expect(out).toContain(`export type AB = A | B;`);
    expect(out).toContain(`export interface In {\n  x?: number;\n  y?: string | null;\n  z: boolean;\n}`);
    expect(out).toContain(`export interface Query {\n  __typename?: 'Query';`);
    expect(out).toContain(`export interface QueryAArgs {\n  id: string;\n  first?: number | null;\n}`);
    expect(out).not.toContain('QueryAbArgs');
  });

  it('refuses a scalar it has no TypeScript type for', () => {
    expect(() => generateClientTypes('scalar Money\ntype Query { m: Money }')).toThrow(/Money/);
  });
});
