import { describe, expect, it } from 'vitest';
import { isAuthClose, isUnauthenticated, returnPath, signInRedirect } from './auth-redirect';

describe('sending a refused user to sign in', () => {
  it('recognises a refused token by HTTP 401 or the UNAUTHENTICATED code, not by other errors', () => {
    expect(isUnauthenticated({ response: { status: 401 }, graphQLErrors: [] })).toBe(true);
    expect(isUnauthenticated({ graphQLErrors: [{ extensions: { code: 'UNAUTHENTICATED' } }] })).toBe(true);
    expect(isUnauthenticated({ graphQLErrors: [{ extensions: { code: 'FORBIDDEN' } }] })).toBe(false);
    expect(isUnauthenticated({ response: { status: 429 }, graphQLErrors: [] })).toBe(false);
    expect(isUnauthenticated({ graphQLErrors: [{}] })).toBe(false);
    expect(isUnauthenticated(undefined)).toBe(false);
  });

  it('recognises the WebSocket close for a refused token (4403), not ordinary closes', () => {
    expect(isAuthClose({ code: 4403, reason: 'the API token is unknown or revoked' })).toBe(true);
    expect(isAuthClose({ code: 1000 })).toBe(false);
    expect(isAuthClose(new Error('socket hang up'))).toBe(false);
    expect(isAuthClose(null)).toBe(false);
  });

  it('keeps the page the user was on, and does not redirect from the sign-in page itself', () => {
    expect(signInRedirect({ pathname: '/runs', search: '?status=RUNNING' })).toBe(
      '/signin?next=%2Fruns%3Fstatus%3DRUNNING',
    );
    expect(signInRedirect({ pathname: '/signin', search: '?next=%2Fruns' })).toBeNull();
  });

  it('returns after sign-in only to a page of this site', () => {
    expect(returnPath('/runs?status=RUNNING')).toBe('/runs?status=RUNNING');
    expect(returnPath('/runs/abc')).toBe('/runs/abc');
    expect(returnPath(null)).toBe('/runs');
    expect(returnPath('https://evil.example/')).toBe('/runs');
    expect(returnPath('//evil.example/')).toBe('/runs');
    expect(returnPath('/\\evil.example/')).toBe('/runs');
    expect(returnPath('/signin?next=%2Fruns')).toBe('/runs');
  });
});
