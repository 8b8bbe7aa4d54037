import { createEventBus } from '../bus/create-event-bus.js';
import type { ServerConfig } from '../config.js';
import { openDatabase } from '../database/database.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../logger.js';
import { DatasetRepository } from '../modules/dataset/dataset.repository.js';
import { QualityProfileRepository } from '../modules/quality-profile/quality-profile.repository.js';
import { RunRepository } from '../modules/run/run.repository.js';
import { SourceModelRepository } from '../modules/source-model/source-model.repository.js';
import { RunExecutor } from './run-executor.js';

export interface Worker {
  close(): Promise<void>;
}

/** Takes training jobs from the queue, one at a time, until closed. */
export async function startWorker(
  config: ServerConfig,
  logger: Logger,
  options: { maintenanceIntervalSeconds?: number } = {},
): Promise<Worker> {
  if (!config.databaseUrl) throw new Error('a worker needs DATABASE_URL');
  const database = await openDatabase(config.databaseUrl, logger, { poolSize: 4 });
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
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  });
  const dataSource = database.dataSource;
  const executor = new RunExecutor({
    runs: new RunRepository(dataSource),
    datasets: new DatasetRepository(dataSource),
    sourceModels: new SourceModelRepository(dataSource),
    profiles: new QualityProfileRepository(dataSource),
    bus,
    dataDir: config.dataDir,
    logger,
  });
  await queue.work(async ({ runId, expireInSeconds }, _jobId, startedAt) => {
    logger.info({ runId }, 'training job taken');
    // Stop a margin before pg-boss would expire the job (see TrainJobData).
    const margin = Math.max(5, expireInSeconds * 0.1);
    const deadline = expireInSeconds ? startedAt + (expireInSeconds - margin) * 1000 : Infinity;
    if ((await executor.execute(runId, deadline)) === 'continue') await queue.enqueueTrain(runId);
  });
  logger.info({ bus: bus.kind }, 'worker waiting for training jobs');
  return {
    async close() {
      await queue.stop();
      await bus.close();
      await database.close();
    },
  };
}
