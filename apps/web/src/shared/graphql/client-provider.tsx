'use client';

import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';

/** Where the API is when the server did not say: the dashboard's host, port 4000. */
function defaultApiUrl(): string {
  return `${window.location.protocol}//${window.location.hostname}:4000/graphql`;
}

function createBrowserClient(apiUrl: string): Client {
  const wsUrl = apiUrl.replace(/^http/, 'ws');
  let ws: WsClient | undefined;
  return new Client({
    url: apiUrl,
    // Apollo's CSRF guard rejects urql's default GET for queries; POST + JSON passes it.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              ws ??= createWsClient({ url: wsUrl, retryAttempts: Infinity, shouldRetry: () => true });
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });
}

/**
 * The urql client. Data loads in the browser only: the server renders the
 * loading states with a client that never answers (no exchanges).
 */
export function GraphqlProvider({ apiUrl, children }: { apiUrl: string | null; children: ReactNode }) {
  const [client] = useState(() =>
    typeof window === 'undefined'
      ? new Client({ url: 'http://server-render.invalid/graphql', exchanges: [] })
      : createBrowserClient(apiUrl ?? defaultApiUrl()),
  );
  return <Provider value={client}>{children}</Provider>;
}
