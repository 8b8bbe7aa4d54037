import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export const isTerminal = (status: string): status is TerminalStatus =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

/** A run as the bot reads it: what a finished-run summary needs. */
export interface RunDetails {
  id: string;
  kind: 'FINETUNE' | 'PRETRAIN';
  status: string;
  datasetId: string;
  sourceModelId: string | null;
  qualityProfileId: string | null;
  strategyId: string | null;
  strategySpec: Record<string, unknown>;
  seed: number;
  epochs: number;
  epochsCompleted: number;
  error: string | null;
  tags: string[];
  startedAt: string | null;
  finishedAt: string | null;
  summary: {
    finalValAccuracy: number | null;
    finalValAccuracyClean: number | null;
    finalCkaMean: number | null;
    durationMs: number | null;
  };
}

/** Display names of the things a run refers to, by id. */
export interface NameLookup {
  datasets: Map<string, string>;
  sourceModels: Map<string, string>;
  qualityProfiles: Map<string, string>;
  strategies: Map<string, string>;
}

const RUN_FIELDS = `
  id kind status datasetId sourceModelId qualityProfileId strategyId strategySpec seed
  epochs epochsCompleted error tags startedAt finishedAt
  summary { finalValAccuracy finalValAccuracyClean finalCkaMean durationMs }`;

/** The server refused the token (or its absence): retrying will not help. */
export class AuthRejectedError extends Error {
  override name = 'AuthRejectedError';
}

/** Any other failure talking to driftboard: the server is down, restarting, or answered an error. */
export class DriftboardApiError extends Error {
  override name = 'DriftboardApiError';
}

const AUTH_ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN'];
/** graphql-ws close codes for a rejected connection: 4401 Unauthorized, 4403 Forbidden. */
const AUTH_CLOSE_CODES = [4401, 4403];

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

const authHeaders = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

function authRejection(errors: readonly GraphQLErrorBody[] | undefined): AuthRejectedError | undefined {
  const error = errors?.find((e) => AUTH_ERROR_CODES.includes(e.extensions?.code ?? ''));
  return error && new AuthRejectedError(`driftboard rejected the API token: ${error.message}`);
}

/** driftboard's GraphQL API over HTTP: the queries the bot needs. */
export class DriftboardHttpApi {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...authHeaders(this.token),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new DriftboardApiError(`cannot reach driftboard at ${this.url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLErrorBody[] } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    const rejected = authRejection(body?.errors);
    if (rejected) throw rejected;
    if (response.status === 401 || response.status === 403) {
      throw new AuthRejectedError(`driftboard rejected the API token (HTTP ${response.status})`);
    }
    if (!body) throw new DriftboardApiError(`driftboard answered HTTP ${response.status} without JSON`);
    if (body.errors?.length || !body.data) {
      throw new DriftboardApiError(
        `driftboard answered an error: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`,
      );
    }
    return body.data;
  }

  async run(id: string): Promise<RunDetails> {
    return (
      await this.request<{ run: RunDetails }>(`query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id })
    ).run;
  }

  /**
   * One page of finished runs, the most recently finished first; pass the
   * returned `endCursor` as `after` for the next (older) page.
   */
  async finishedRuns(
    after: string | undefined,
    first = 100,
  ): Promise<{ runs: RunDetails[]; endCursor: string | null; hasNextPage: boolean }> {
    const { runs } = await this.request<{
      runs: { edges: { node: RunDetails }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    }>(
      `query ($after: String, $first: Int, $statuses: [RunStatus!]) {
        runs(first: $first, after: $after, filter: { status: $statuses },
             orderBy: { field: FINISHED_AT, direction: DESC }) {
          edges { node { ${RUN_FIELDS} } }
          pageInfo { endCursor hasNextPage }
        }
      }`,
      { after, first, statuses: TERMINAL_STATUSES },
    );
    return { runs: runs.edges.map((e) => e.node), ...runs.pageInfo };
  }

  async names(): Promise<NameLookup> {
    type Named = { id: string; name: string }[];
    const data = await this.request<{
      datasets: Named;
      sourceModels: Named;
      qualityProfiles: Named;
      strategies: Named;
    }>(
      '{ datasets { id name } sourceModels { id name } qualityProfiles { id name } strategies { id name } }',
    );
    const byId = (items: Named) => new Map(items.map((i) => [i.id, i.name]));
    return {
      datasets: byId(data.datasets),
      sourceModels: byId(data.sourceModels),
      qualityProfiles: byId(data.qualityProfiles),
      strategies: byId(data.strategies),
    };
  }
}

export interface RunFinishedEvent {
  runId: string;
  status: TerminalStatus;
}

export interface FollowOptions {
  wsUrl: string;
  token: string | undefined;
  /** Called on every (re)connection, once the subscription is being (re)sent: time to catch up. */
  onConnected(): void;
  onRunFinished(event: RunFinishedEvent): void;
  /** The server rejected the token; the follower has stopped. */
  onAuthRejected(error: AuthRejectedError): void;
  log(line: string): void;
  /** Wait before reconnection attempt `retries` (0 = the first after a drop). */
  retryWait(retries: number): Promise<void>;
}

const RUNS_FINISHED = `subscription ($statuses: [RunStatus!]) {
  runsChanged(statuses: $statuses) { ... on RunStatusChanged { runId status } }
}`;

/** Disposing while a connection attempt fails rejects with that failure, which is already handled. */
const dispose = (client: Client | undefined) =>
  void Promise.resolve(client?.dispose()).catch(() => undefined);

function closeCode(event: unknown): number | undefined {
  const code = (event as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Follows status changes to SUCCEEDED, FAILED or CANCELLED over graphql-ws,
 * reconnecting forever with back-off, until closed or the token is rejected.
 */
export function followFinishedRuns(options: FollowOptions): { close(): void } {
  let client: Client | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let restarts = 0;
  let connected = false;

  const stop = () => {
    stopped = true;
    clearTimeout(restartTimer);
    dispose(client);
  };
  const rejected = (error: AuthRejectedError) => {
    if (stopped) return;
    stop();
    options.onAuthRejected(error);
  };

  const start = () => {
    client = createClient({
      url: options.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Infinity,
      // Connection errors (ECONNREFUSED while the server restarts) are retried too, not only close events.
      shouldRetry: () => true,
      retryWait: options.retryWait,
      onNonLazyError: () => undefined, // reported to the subscription's sink below
      on: {
        connected: () => {
          restarts = 0;
          connected = true;
          options.log(`connected to ${options.wsUrl}`);
          options.onConnected();
        },
        closed: (event) => {
          const code = closeCode(event);
          if (code !== undefined && AUTH_CLOSE_CODES.includes(code)) {
            const reason = (event as { reason?: string }).reason || 'no reason given';
            rejected(new AuthRejectedError(`driftboard closed the WebSocket with ${code} (${reason})`));
          } else if (connected && !stopped) {
            options.log(`disconnected from ${options.wsUrl}${code ? ` (${code})` : ''}; reconnecting`);
          }
          connected = false;
        },
      },
    });
    client.subscribe<{ runsChanged: { runId?: string; status?: string } }>(
      { query: RUNS_FINISHED, variables: { statuses: TERMINAL_STATUSES } },
      {
        next: ({ data, errors }) => {
          const auth = authRejection(errors);
          if (auth) return rejected(auth);
          const event = data?.runsChanged;
          if (event?.runId && event.status && isTerminal(event.status)) {
            options.onRunFinished({ runId: event.runId, status: event.status });
          }
        },
        // The library gave up (a close code it deems fatal, or the server ended the
        // subscription): start over with a fresh client after a back-off.
        error: (error) => {
          const auth = Array.isArray(error) ? authRejection(error as GraphQLErrorBody[]) : undefined;
          if (auth) return rejected(auth);
          restartLater(`the subscription failed: ${describeFailure(error)}`);
        },
        complete: () => restartLater('the server ended the subscription'),
      },
    );
  };

  const restartLater = (why: string) => {
    if (stopped) return;
    options.log(`${why}; subscribing again`);
    dispose(client);
    void options.retryWait(restarts++).then(() => {
      if (!stopped) restartTimer = setTimeout(start, 0);
    });
  };

  start();
  return { close: stop };
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  const code = closeCode(error);
  if (code !== undefined) return `closed with ${code}`;
  return JSON.stringify(error);
}
