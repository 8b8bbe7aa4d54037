'use client';

import { useEffect, useRef } from 'react';
import { useClient } from 'urql';

/**
 * Calls `onEvent` for every event of a GraphQL subscription (none missed, even
 * when several arrive in one tick, unlike reading `useSubscription`'s latest data).
 * Resubscribes when `variablesKey` changes; `pause` unsubscribes.
 */
export function useEventStream<Data, Event>(
  query: string,
  variables: Record<string, unknown>,
  pick: (data: Data) => Event,
  onEvent: (event: Event) => void,
  options: { pause?: boolean; onError?: (message: string) => void } = {},
): void {
  const client = useClient();
  const handler = useRef(onEvent);
  const errorHandler = useRef(options.onError);
  useEffect(() => {
    handler.current = onEvent;
    errorHandler.current = options.onError;
  });
  const variablesKey = JSON.stringify(variables);
  useEffect(() => {
    if (options.pause) return;
    const subscription = client
      .subscription<Data>(query, JSON.parse(variablesKey) as Record<string, unknown>)
      .subscribe((result) => {
        if (result.error) errorHandler.current?.(result.error.message);
        if (result.data) handler.current(pick(result.data));
      });
    return () => subscription.unsubscribe();
    // `pick` is a pure accessor: the subscription depends on the query and variables only.
  }, [client, query, variablesKey, options.pause]);
}
