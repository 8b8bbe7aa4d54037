import { describe, expect, it } from 'vitest';
import { normalizeToken, verifyToken } from './verify-token';

const API = 'http://127.0.0.1:4000/graphql';
const answer =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('checking a pasted token', () => {
  it('sends it as a bearer token and answers who it is', async () => {
    const sent: RequestInit[] = [];
    const viewer = { authEnabled: true, role: 'VIEWER', tokenName: 'ci', projects: [] };
    const fetchImpl: typeof fetch = async (_url, init) => {
      sent.push(init!);
      return answer(200, { data: { viewer } })(API);
    };
    await expect(verifyToken(API, '  Bearer dbt_abc \n', fetchImpl)).resolves.toEqual({
      ok: true,
      token: 'dbt_abc',
      viewer,
    });
    expect(new Headers(sent[0].headers).get('authorization')).toBe('Bearer dbt_abc');
    expect(String(sent[0].body)).toContain('viewer');
  });

  it('gives the server’s message for a refused token', async () => {
    const refused = answer(401, {
      errors: [
        {
          message: 'the API token is unknown or revoked; ask an admin for a new one',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    await expect(verifyToken(API, 'dbt_wrong', refused)).resolves.toEqual({
      ok: false,
      message: 'the API token is unknown or revoked; ask an admin for a new one',
    });
  });

  it('says so when the field is empty, the API is unreachable or answers something else', async () => {
    await expect(verifyToken(API, '   ', answer(200, {}))).resolves.toMatchObject({ ok: false });
    const down: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(verifyToken(API, 'dbt_x', down)).resolves.toEqual({
      ok: false,
      message: 'Cannot reach the API (Failed to fetch).',
    });
    const html: typeof fetch = async () => new Response('<html>', { status: 502 });
    await expect(verifyToken(API, 'dbt_x', html)).resolves.toEqual({
      ok: false,
      message: 'The API answered HTTP 502.',
    });
  });

  it('drops surrounding space and a pasted "Bearer " prefix', () => {
    expect(normalizeToken(' dbt_a ')).toBe('dbt_a');
    expect(normalizeToken('bearer dbt_a')).toBe('dbt_a');
  });
});
