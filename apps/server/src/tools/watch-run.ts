import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * `npm run watch -w @driftboard/server -- RUN_ID [URL]`: prints a run's events
 * as they happen (a graphql-ws client of `runEvents`), and exits when the run ends.
 */
const [runId, url = `ws://127.0.0.1:${process.env.PORT ?? 4000}/graphql`] = process.argv.slice(2);
if (!runId) {
  process.stderr.write('usage: watch-run RUN_ID [ws://host:port/graphql]\n');
  process.exit(2);
}

const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 5 });
const query = `subscription ($runId: ID!) {
  runEvents(runId: $runId) {
    __typename
    ... on EpochCompleted { epoch metrics }
    ... on RunStatusChanged { status error }
    ... on RunLog { level message }
  }
}`;

const format = (value: unknown) => (typeof value === 'number' ? value.toFixed(4) : String(value));
const unsubscribe = client.subscribe<{ runEvents: Record<string, unknown> }>(
  { query, variables: { runId } },
  {
    next: ({ data, errors }) => {
      if (errors?.length) {
        process.stderr.write(`${errors.map((e) => e.message).join('; ')}\n`);
        return;
      }
      const event = data!.runEvents;
      if (event.__typename === 'EpochCompleted') {
        const metrics = event.metrics as Record<string, unknown>;
        const shown = ['train/loss', 'val/accuracy', 'val/accuracy_clean', 'similarity/cka_mean']
          .filter((k) => k in metrics)
          .map((k) => `${k}=${format(metrics[k])}`);
        process.stdout.write(`epoch ${String(event.epoch)}  ${shown.join('  ')}\n`);
      } else if (event.__typename === 'RunStatusChanged') {
        process.stdout.write(
          `status ${String(event.status)}${event.error ? `: ${String(event.error)}` : ''}\n`,
        );
        if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(String(event.status))) {
          unsubscribe();
          void client.dispose();
        }
      } else {
        process.stdout.write(`log ${String(event.level)} ${String(event.message)}\n`);
      }
    },
    error: (error) => {
      process.stderr.write(
        `subscription failed: ${error instanceof Error ? error.message : JSON.stringify(error)}\n`,
      );
      process.exit(1);
    },
    complete: () => undefined,
  },
);
process.stdout.write(`watching run ${runId} at ${url}\n`);
