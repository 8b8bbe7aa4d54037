import { expect } from 'vitest';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data: T | null | undefined;
  errors: GraphQLErrorBody[] | undefined;
  /** HTTP status of the response. */
  status: number;
}

/**
 * A tiny GraphQL-over-HTTP client (POST JSON, as the web app and notebooks do).
 * It keeps the raw text of every response so a test can check that none of
 * them leaked a stack trace or SQL.
 */
export class GraphQLClient {
  readonly responses: string[] = [];

  constructor(
    readonly url: string,
    /** e.g. `Authorization: Bearer …`, sent with every request. */
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The same endpoint, as the holder of an API token. */
  withToken(secret: string): GraphQLClient {
    return new GraphQLClient(this.url, { ...this.headers, authorization: `Bearer ${secret}` });
  }

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    this.responses.push(text);
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`the server answered ${response.status} with something that is not JSON: ${text}`);
    }
    return { data: body.data, errors: body.errors, status: response.status };
  }

  /** Runs an operation that must succeed and returns its data. */
  async ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`expected success, got ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }

  /** Runs an operation that must fail with `code`; returns the (only) error. */
  async fails(
    query: string,
    variables: Record<string, unknown>,
    code: string,
    message?: RegExp,
  ): Promise<GraphQLErrorBody> {
    const result = await this.request(query, variables);
    expect(result.errors, `expected a ${code} error, got data ${JSON.stringify(result.data)}`).toBeDefined();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions?.code, error.message).toBe(code);
    if (message) expect(error.message).toMatch(message);
    return error;
  }
}

/** Things that must never reach a client: stack frames, SQL, driver errors, server file paths. */
const INTERNALS: [string, RegExp][] = [
  ['a stack trace', /\bat (?:async )?[\w$.<>]+ \(?(?:file:|node:|\/)[^)]*:\d+:\d+\)?/],
  ['a stacktrace field', /"stacktrace"/i],
  ['SQL', /\b(?:SELECT\s.+\sFROM|INSERT INTO|UPDATE\s+\w+\s+SET|DELETE FROM|CREATE TABLE)\b/i],
  [
    'a PostgreSQL error',
    /invalid input syntax for type|violates (?:foreign key|unique|check|not-null)|duplicate key value|relation "\w+"|QueryFailedError/i,
  ],
  ['a server file path', /(?:\/work\/|\/tmp\/|node_modules|\.driftboard\/)/],
];

/** Fails when a response body contains a stack trace, SQL or another internal detail. */
export function expectNoInternals(responseText: string): void {
  for (const [what, pattern] of INTERNALS) {
    expect(pattern.test(responseText), `response contains ${what}: ${responseText}`).toBe(false);
  }
}
