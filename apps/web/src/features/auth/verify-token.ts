import type { Viewer } from '../../shared/graphql/api-types';
import { VIEWER_QUERY, type ViewerData } from './graphql/viewer-query';

export type TokenCheck = { ok: true; token: string; viewer: Viewer } | { ok: false; message: string };

/** The secret as pasted: surrounding space and a leading "Bearer " dropped. */
export function normalizeToken(input: string): string {
  return input.trim().replace(/^Bearer\s+/i, '');
}

/**
 * Asks the API who `input` is (the `viewer` query), without touching the
 * dashboard's client, so a wrong token is reported here instead of signing out.
 */
export async function verifyToken(
  apiUrl: string,
  input: string,
  fetchImpl: typeof fetch = fetch,
): Promise<TokenCheck> {
  const token = normalizeToken(input);
  if (!token) return { ok: false, message: 'Paste an API token.' };
  let response: Response;
  try {
    response = await fetchImpl(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: VIEWER_QUERY }),
    });
  } catch (error) {
    return { ok: false, message: `Cannot reach the API (${(error as Error).message}).` };
  }
  let body: { data?: ViewerData | null; errors?: { message: string }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return { ok: false, message: `The API answered HTTP ${response.status}.` };
  }
  if (body.errors?.length) return { ok: false, message: body.errors.map((e) => e.message).join('; ') };
  if (!body.data?.viewer)
    return { ok: false, message: `The API answered HTTP ${response.status} without a viewer.` };
  return { ok: true, token, viewer: body.data.viewer };
}
