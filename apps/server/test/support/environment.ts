import { createTestDatabase } from './database.js';
import type { GraphQLClient } from './graphql-client.js';
import type { ServerProcess } from './processes.js';
import {
  createDataDir,
  spawnApiServer,
  spawnWorker,
  startTestApi,
  type ApiProcess,
  type Deployment,
  type TestApi,
} from './servers.js';

/**
 * One test file's driftboard: its own database and data folder, an API server
 * in this process, and any worker or API server processes it spawns. `close`
 * stops them all and drops the database.
 */
export interface TestEnvironment {
  deployment: Deployment;
  api: TestApi;
  client: GraphQLClient;
  spawnWorker(overrides?: Partial<Deployment>): Promise<ServerProcess>;
  spawnApiServer(overrides?: Partial<Deployment>): Promise<ApiProcess>;
  /** Output of every process spawned so far, for failure messages. */
  processOutput(): string;
  close(): Promise<void>;
}

export async function startEnvironment(
  options: Pick<Deployment, 'redisUrl' | 'jobExpireSeconds' | 'maintenanceSeconds'> = {},
): Promise<TestEnvironment> {
  const database = await createTestDatabase();
  const data = await createDataDir();
  const deployment: Deployment = { database, dataDir: data.dir, ...options };
  const children: { name: string; process: ServerProcess }[] = [];
  let api: TestApi | undefined;
  const close = async () => {
    await Promise.all(children.map((c) => c.process.stop()));
    await api?.close();
    await database.drop();
    await data.remove();
  };
  try {
    api = await startTestApi(deployment);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    deployment,
    api,
    client: api.client,
    async spawnWorker(overrides = {}) {
      const worker = await spawnWorker({ ...deployment, ...overrides });
      children.push({ name: `worker ${worker.pid}`, process: worker });
      return worker;
    },
    async spawnApiServer(overrides = {}) {
      const server = await spawnApiServer({ ...deployment, ...overrides });
      children.push({ name: `API server ${server.pid}`, process: server });
      return server;
    },
    processOutput: () => children.map((c) => `--- ${c.name}\n${c.process.output()}`).join('\n'),
    close,
  };
}
