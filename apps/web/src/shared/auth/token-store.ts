/** The browser's copy of the API token (localStorage), read once per page load and on sign-in/out. */
export const TOKEN_STORAGE_KEY = 'driftboard.apiToken';

export function readStoredToken(): string | null {
  if (typeof window === 'undefined') return null;
  try {
    return window.localStorage.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null; // storage disabled: the dashboard still works without auth
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
    else window.localStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // storage disabled: the token lives for this page only
  }
}
