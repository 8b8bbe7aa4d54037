import { startApiServer } from '../app/api-server.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

/** An API server in its own process for benchmarks; reports its port to the parent over IPC. */
const config = loadConfig();
const server = await startApiServer(config, createLogger('api', config.logLevel));
process.send?.({ port: server.port });
process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
