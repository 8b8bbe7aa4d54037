'use client';

import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { isAuthClose, isUnauthenticated, signInRedirect, SIGN_IN_PATH } from '../auth/auth-redirect';
import { readStoredToken, storeToken, TOKEN_STORAGE_KEY } from '../auth/token-store';

/** Where the API is when the server did not say: the dashboard's host, port 4000. */
function defaultApiUrl(): string {
  return `${window.location.protocol}//${window.location.hostname}:4000/graphql`;
}

interface BrowserClient {
  client: Client;
  dispose(): void;
}

/** A client that sends `token` on every request and WebSocket; `onUnauthenticated` when the API refuses it. */
function createBrowserClient(
  apiUrl: string,
  token: string | null,
  onUnauthenticated: () => void,
): BrowserClient {
  const wsUrl = apiUrl.replace(/^http/, 'ws');
  const authorization = token ? `Bearer ${token}` : undefined;
  let ws: WsClient | undefined;
  const client = new Client({
    url: apiUrl,
    // Apollo's CSRF guard rejects urql's default GET for queries; POST + JSON passes it.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: authorization ? { headers: { authorization } } : {},
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              ws ??= createWsClient({
                url: wsUrl,
                connectionParams: authorization ? { authorization } : {},
                retryAttempts: Infinity,
                // The same token would be refused again: sign in instead.
                shouldRetry: (event) => !isAuthClose(event),
                on: { closed: (event) => isAuthClose(event) && onUnauthenticated() },
              });
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    dispose() {
      void ws?.dispose();
      ws = undefined;
    },
  };
}

function createServerClient(): BrowserClient {
  return { client: new Client({ url: 'http://server-render.invalid/graphql', exchanges: [] }), dispose() {} };
}

interface Auth {
  /** The API token in use; null when none is stored (fine while the server runs without auth). */
  token: string | null;
  apiUrl: string;
  signIn(token: string): void;
  signOut(): void;
}

const AuthContext = createContext<Auth | null>(null);

/** The API token and sign-in/out, from GraphqlProvider. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs a GraphqlProvider above it');
  return auth;
}

/**
 * The urql client. Data loads in the browser only: the server renders the
 * loading states with a client that never answers (no exchanges). A new
 * token builds a new client (fresh cache, WebSocket reconnected with it);
 * a refused token sends the user to the sign-in page.
 */
export function GraphqlProvider({ apiUrl, children }: { apiUrl: string | null; children: ReactNode }) {
  const [token, setToken] = useState(readStoredToken);
  const [url] = useState(() => apiUrl ?? (typeof window === 'undefined' ? '' : defaultApiUrl()));
  const onUnauthenticated = useRef(() => {});
  useEffect(() => {
    onUnauthenticated.current = () => {
      storeToken(null);
      const target = signInRedirect(window.location);
      // A full page load: the refused client and its WebSocket go with the page.
      if (target) window.location.replace(target);
      else setToken(null);
    };
  });
  const browser = useMemo(
    () =>
      typeof window === 'undefined'
        ? createServerClient()
        : createBrowserClient(url, token, () => onUnauthenticated.current()),
    [url, token],
  );
  useEffect(() => () => browser.dispose(), [browser]);
  // Signing in or out in another tab applies here too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKEN_STORAGE_KEY) setToken(readStoredToken());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const auth = useMemo<Auth>(
    () => ({
      token,
      apiUrl: url,
      signIn(next) {
        storeToken(next);
        setToken(next);
      },
      signOut() {
        storeToken(null);
        // A fresh page load drops every cached answer; the page being left never refetches without a token.
        window.location.assign(SIGN_IN_PATH);
      },
    }),
    [token, url],
  );
  return (
    <AuthContext.Provider value={auth}>
      <Provider value={browser.client}>{children}</Provider>
    </AuthContext.Provider>
  );
}
