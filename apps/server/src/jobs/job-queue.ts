import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';

/** The pg-boss queue training jobs go through (DESIGN.md "Data flow of a run"). */
export const TRAIN_QUEUE = 'train';

export interface TrainJobData {
  runId: string;
  /**
   * pg-boss fails (and retries) a job whose handler outlives its expiry while
   * the handler keeps running. The worker therefore stops training a little
   * before this, at a batch boundary, and hands the run to a fresh job that
   * resumes from the checkpoint: no run is ever trained twice at once.
   */
  expireInSeconds: number;
}

/** Lets a job be sent inside the caller's transaction, so a run row and its job exist together or not at all. */
export type SqlExecutor = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

export interface JobQueueOptions {
  databaseUrl: string;
  logger: Logger;
  /** A job running longer is presumed dead and retried (resuming from its checkpoint). */
  expireInSeconds: number;
  /** How often expired jobs are looked for; short in tests. */
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
}

/** pg-boss in the same PostgreSQL: durable jobs, retries, and no home-made queue. */
export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly options: JobQueueOptions,
  ) {}

  static async start(options: JobQueueOptions): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      max: 4,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
      monitorStateIntervalSeconds: 60,
    });
    boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    await boss.createQueue(TRAIN_QUEUE, {
      name: TRAIN_QUEUE,
      retryLimit: 3,
      retryDelay: 1,
      expireInSeconds: options.expireInSeconds,
    });
    return new JobQueue(boss, options);
  }

  /** Enqueues a training job; with `execute`, inside the caller's transaction. Returns the job id. */
  async enqueueTrain(runId: string, execute?: SqlExecutor): Promise<string> {
    const data: TrainJobData = { runId, expireInSeconds: this.options.expireInSeconds };
    const id = await this.boss.send(TRAIN_QUEUE, data, {
      expireInSeconds: this.options.expireInSeconds,
      ...(execute
        ? { db: { executeSql: execute as (text: string, values: unknown[]) => Promise<{ rows: never[] }> } }
        : {}),
    });
    if (!id) throw new Error('the job queue did not accept the training job');
    return id;
  }

  async cancel(jobId: string): Promise<void> {
    await this.boss.cancel(TRAIN_QUEUE, jobId);
  }

  /** Runs `handler` for each training job, one at a time. A throw makes pg-boss retry the job. */
  async work(
    handler: (data: TrainJobData, jobId: string, startedAt: number) => Promise<void>,
  ): Promise<void> {
    await this.boss.work<TrainJobData>(
      TRAIN_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5 },
      async ([job]) => handler(job.data, job.id, Date.now()),
    );
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true });
  }
}
