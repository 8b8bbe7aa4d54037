import express from 'express';
import { isLoopbackHost, type ServerConfig } from '../config.js';
import { ErrorCode } from '../graphql/app-error.js';
import { Access } from '../modules/access/access.js';
import { AccessError } from '../modules/access/access.errors.js';
import type { AccessService } from '../modules/access/access.service.js';
import type { RateLimiter } from './rate-limiter.js';

/** Where an HTTP request's access lives between the guards and the GraphQL context. */
export const accessOf = (response: express.Response) => response.locals.access as Access;

/** A refusal in the GraphQL-over-HTTP error shape, so clients parse every failure the same way. */
export function sendGraphQLError(
  response: express.Response,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  response.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });
}

const HTTP_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
};

/**
 * The access an `Authorization` value grants. With auth off a request
 * without one gets everything; a request that sends a token is held to it
 * in either mode, so scoped tokens behave the same on a laptop.
 */
export async function accessFromAuthorization(
  authorization: unknown,
  config: ServerConfig,
  tokens: AccessService,
): Promise<Access> {
  if (typeof authorization !== 'string' || authorization.trim() === '') {
    if (config.auth === 'off') return Access.unrestricted();
    throw AccessError.missingToken();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  if (!match) throw AccessError.missingToken();
  return tokens.authenticate(match[1]);
}

/** Sets the request's Access, or answers 401 saying how to authenticate. */
export function authenticate(config: ServerConfig, tokens: AccessService): express.RequestHandler {
  return (request, response, next) => {
    accessFromAuthorization(request.headers.authorization, config, tokens).then(
      (access) => {
        response.locals.access = access;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof AccessError)) return next(error);
        sendGraphQLError(response, HTTP_STATUS[error.code] ?? 400, error.code, error.message);
      },
    );
  };
}

/**
 * Takes one request from the token's bucket: 0 when it may go ahead, else the
 * seconds to wait. Requests without a token (open local mode) are not limited.
 * HTTP requests and WebSocket subscriptions draw from the same bucket.
 */
export function retryAfterFor(limiter: RateLimiter | undefined, access: Access): number {
  return limiter && access.tokenId ? limiter.take(access.tokenId) : 0;
}

export const rateLimitMessage = (retryAfter: number) =>
  `too many requests for this token; retry after ${retryAfter} s (DRIFTBOARD_RATE_LIMIT_PER_MINUTE)`;

/** 429 with Retry-After once a token has used up its requests. */
export function rateLimit(limiter: RateLimiter | undefined): express.RequestHandler {
  return (_request, response, next) => {
    const retryAfter = retryAfterFor(limiter, accessOf(response));
    if (retryAfter === 0) return next();
    response.setHeader('Retry-After', String(retryAfter));
    sendGraphQLError(response, 429, ErrorCode.RATE_LIMITED, rateLimitMessage(retryAfter), {
      retryAfterSeconds: retryAfter,
    });
  };
}

/** JSON bodies up to the limit; a bigger or malformed body gets a GraphQL-shaped 413/400 instead of an HTML page. */
export function jsonBody(maxBytes: number): express.RequestHandler[] {
  const parse = express.json({ limit: maxBytes });
  const explain: express.ErrorRequestHandler = (
    error: { type?: string; length?: number },
    _req,
    response,
    next,
  ) => {
    if (error.type === 'entity.too.large') {
      return sendGraphQLError(
        response,
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        `request body is ${error.length ?? 'over'} bytes; the limit is ${maxBytes} (DRIFTBOARD_MAX_BODY_BYTES)`,
      );
    }
    if (error.type === 'entity.parse.failed') {
      return sendGraphQLError(response, 400, ErrorCode.BAD_USER_INPUT, 'request body is not valid JSON');
    }
    next(error);
  };
  return [parse, explain as unknown as express.RequestHandler];
}

/**
 * Refuses to serve an open API beyond this machine: a non-loopback address
 * needs DRIFTBOARD_AUTH=token and at least one token to log in with.
 */
export async function assertSafeBinding(config: ServerConfig, tokens: AccessService): Promise<void> {
  const howTo = 'create the first admin token with `npm run token -- create --role admin`';
  if (config.auth === 'off' && !isLoopbackHost(config.host)) {
    throw new Error(
      `refusing to listen on ${config.host} without authentication: ${howTo}, then start with DRIFTBOARD_AUTH=token (or listen on HOST=127.0.0.1)`,
    );
  }
  if (config.auth === 'token' && (await tokens.countActiveTokens()) === 0) {
    throw new Error(`DRIFTBOARD_AUTH=token, but no API token exists yet, so nobody could sign in: ${howTo}`);
  }
}
