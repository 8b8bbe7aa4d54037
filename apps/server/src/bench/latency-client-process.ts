import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A process of graphql-ws subscribers for the latency benchmark, so that the
 * clients' own parsing does not sit in one event loop. Told the ports, run id
 * and count over IPC; reports 'ready', then its latencies when asked.
 */
interface Start {
  ports: number[];
  runId: string;
  subscribers: number;
}

const now = () => performance.timeOrigin + performance.now();
const latencies: number[] = [];
const clients: Client[] = [];

process.once('message', (start: Start) => {
  let connected = 0;
  for (let i = 0; i < start.subscribers; i++) {
    const port = start.ports[i % start.ports.length];
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
    });
    clients.push(client);
    client.on('connected', () => {
      if (++connected === start.subscribers) process.send?.({ type: 'ready' });
    });
    client.subscribe<{ runEvents: { metrics?: Record<string, number> } }>(
      {
        query:
          'subscription ($runId: ID!) { runEvents(runId: $runId) { ... on EpochCompleted { metrics } } }',
        variables: { runId: start.runId },
      },
      {
        next: ({ data }) => {
          const sentAt = data?.runEvents.metrics?.['bench/sent_at'];
          if (typeof sentAt === 'number') latencies.push(now() - sentAt);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    process.send?.({ type: 'latencies', latencies }, () => {
      void Promise.all(clients.map((c) => c.dispose())).finally(() => process.exit(0));
    });
  });
});
