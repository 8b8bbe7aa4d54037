import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createEventBus } from '../bus/create-event-bus.js';
import type { ServerConfig } from '../config.js';
import { openDatabase } from '../database/database.js';
import { buildApiSchema } from '../graphql/build-schema.js';
import { createErrorFormatter } from '../graphql/format-error.js';
import { ErrorCode } from '../graphql/app-error.js';
import { checkOperationLimits, type OperationLimits } from '../graphql/operation-limits.js';
import { createApiPubSub } from '../graphql/pub-sub.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../logger.js';
import { metricsCsvHandler } from '../modules/metric/metric-csv.js';
import { MetricRepository } from '../modules/metric/metric.repository.js';
import type { Access } from '../modules/access/access.js';
import type { RequestContext } from '../modules/access/request-context.js';
import { RateLimiter } from './rate-limiter.js';
import {
  accessFromAuthorization,
  accessOf,
  assertSafeBinding,
  authenticate,
  jsonBody,
  rateLimit,
  rateLimitMessage,
  retryAfterFor,
} from './request-guards.js';
import { createServices, type Services } from './services.js';

export const GRAPHQL_PATH = '/graphql';

export interface ApiServer {
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

/**
 * CORS for the dashboard, which `npm start` serves on WEB_PORT (another origin):
 * browsers send a preflight OPTIONS before its JSON POSTs, which Apollo does not answer.
 */
function allowDashboardOrigin(config: ServerConfig): express.RequestHandler {
  const hosts = new Set([
    'localhost',
    '127.0.0.1',
    '[::1]',
    config.host.includes(':') ? `[${config.host}]` : config.host,
  ]);
  const origins = new Set([...hosts].map((host) => `http://${host}:${config.webPort}`));
  return (request, response, next) => {
    const origin = request.headers.origin;
    if (origin && origins.has(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Vary', 'Origin');
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      response.setHeader(
        'Access-Control-Allow-Headers',
        'content-type, authorization, apollo-require-preflight',
      );
      response.setHeader('Access-Control-Max-Age', '600');
    }
    if (request.method === 'OPTIONS') response.status(204).end();
    else next();
  };
}

/**
 * Starts one API server: migrations, the job queue (to enqueue), the event
 * bus relay into GraphQL subscriptions, and HTTP + WebSocket on one port.
 * It never trains: workers do, in other processes.
 */
export async function startApiServer(config: ServerConfig, logger: Logger): Promise<ApiServer> {
  if (!config.databaseUrl) throw new Error('startApiServer needs config.databaseUrl');
  const database = await openDatabase(config.databaseUrl, logger);
  const bus = createEventBus({
    redisUrl: config.redisUrl,
    databaseUrl: config.databaseUrl,
    pool: database.pool,
    logger,
  });
  const queue = await JobQueue.start({
    databaseUrl: config.databaseUrl,
    logger,
    expireInSeconds: config.jobExpireSeconds,
  });
  const services = createServices({ database, bus, queue, config, logger });
  try {
    await assertSafeBinding(config, services.access);
  } catch (error) {
    await Promise.all([queue.stop(), bus.close()]);
    await database.close();
    throw error;
  }
  await services.datasets.registerBuiltins();

  const pubSub = createApiPubSub();
  const stopRelay = await bus.subscribe('run-event', (event) => {
    pubSub.publish('RUN_EVENT', event.runId, event);
    pubSub.publish('RUNS_CHANGED', event);
  });
  await services.alertDispatcher.start();
  const schema = await buildApiSchema(services.container, pubSub);

  const app = express();
  const httpServer = http.createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const limits: OperationLimits = { maxDepth: config.maxQueryDepth, maxCost: config.maxQueryCost };
  const limiter = config.rateLimitPerMinute > 0 ? new RateLimiter(config.rateLimitPerMinute) : undefined;
  const wsCleanup = useServer<Record<string, unknown>, { access?: Access }>(
    {
      schema,
      // A WebSocket authenticates once, with connectionParams.authorization; every subscription on it shares that access.
      onConnect: async (ctx) => {
        try {
          ctx.extra.access = await accessFromAuthorization(
            ctx.connectionParams?.authorization,
            config,
            services.access,
          );
          return true;
        } catch (error) {
          const reason = !ctx.connectionParams?.authorization
            ? "this server requires an API token: connectionParams { authorization: 'Bearer <token>' }"
            : error instanceof Error
              ? error.message
              : 'unauthorised';
          // Close reasons are at most 123 bytes; the code tells clients not to retry with the same token.
          ctx.extra.socket.close(4403, Buffer.from(reason).subarray(0, 123).toString());
          return false;
        }
      },
      context: (ctx): RequestContext => ({ access: ctx.extra.access! }),
      onSubscribe: (ctx, _id, payload) => {
        const retryAfter = retryAfterFor(limiter, ctx.extra.access!);
        if (retryAfter > 0) {
          return [
            new GraphQLError(rateLimitMessage(retryAfter), {
              extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter },
            }),
          ];
        }
        let document;
        try {
          document = parse(payload.query);
        } catch {
          return; // graphql-ws reports the syntax error itself
        }
        const error = checkOperationLimits(
          schema,
          document,
          payload.variables ?? {},
          payload.operationName,
          limits,
        );
        return error ? [error] : undefined;
      },
    },
    wsServer,
  );
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ document, request }) => {
            const error = checkOperationLimits(
              schema,
              document,
              request.variables,
              request.operationName,
              limits,
            );
            if (error)
              throw new GraphQLError(error.message, {
                extensions: { ...error.extensions, http: { status: 400 } },
              });
          },
        }),
      },
    ],
  });
  await apollo.start();
  app.use(GRAPHQL_PATH, allowDashboardOrigin(config));
  app.get('/healthz', (_request, response) => {
    response.json({ ok: true, bus: bus.kind });
  });
  const guards = [authenticate(config, services.access), rateLimit(limiter)];
  app.get(
    '/runs/:id/metrics.csv',
    ...guards,
    metricsCsvHandler(new MetricRepository(database.dataSource), logger, {
      canSeeRun: (_request, response, projectId) => accessOf(response).canSee(projectId),
    }),
  );
  app.use(
    GRAPHQL_PATH,
    ...guards,
    ...jsonBody(config.maxBodyBytes),
    expressMiddleware(apollo, { context: async ({ res }) => ({ access: accessOf(res) }) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}${GRAPHQL_PATH}`;
  logger.info({ url, bus: bus.kind }, 'API server listening');

  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    services,
    async close() {
      await apollo.stop();
      await stopRelay();
      await services.alertDispatcher.stop();
      await queue.stop();
      await bus.close();
      await database.close();
    },
  };
}
