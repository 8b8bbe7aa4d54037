/** Where the dashboard asks for an API token. */
export const SIGN_IN_PATH = '/signin';
/** Where a sign-in goes when it was not sent from another page. */
export const HOME_PATH = '/runs';
/** The close code the API's WebSocket uses for a missing, unknown or revoked token. */
export const AUTH_CLOSE_CODE = 4403;

/** What the decision reads of urql's CombinedError: the GraphQL errors and the HTTP response. */
export interface AuthErrorLike {
  graphQLErrors?: readonly { extensions?: Record<string, unknown> }[];
  response?: unknown;
}

/** The API refused the request's token (or its lack of one): HTTP 401 or code UNAUTHENTICATED. */
export function isUnauthenticated(error: AuthErrorLike | null | undefined): boolean {
  if (!error) return false;
  if ((error.response as { status?: unknown } | undefined)?.status === 401) return true;
  return (error.graphQLErrors ?? []).some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** A graphql-ws close that means "this token may not subscribe". */
export function isAuthClose(event: unknown): boolean {
  return (event as { code?: unknown } | null)?.code === AUTH_CLOSE_CODE;
}

/**
 * The sign-in page to send the user to, remembering where they were; null
 * when they are on it already (so refusals while signing in do not loop).
 */
export function signInRedirect(location: { pathname: string; search: string }): string | null {
  if (location.pathname === SIGN_IN_PATH) return null;
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`;
}

/** Where to go after signing in: the `next` page if it is one of ours, else the runs list. */
export function returnPath(next: string | null | undefined): string {
  // Only a path on this site: "//host" and "/\host" would leave it.
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return HOME_PATH;
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`)) return HOME_PATH;
  return next;
}
