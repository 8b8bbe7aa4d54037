import type { DataSource, EntityManager } from 'typeorm';
import type { SqlExecutor } from '../../jobs/job-queue.js';
import { isUuid } from '../../database/uuid.js';
import { RunEntity } from './run.entity.js';

export type RunStatusName = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export const TERMINAL_STATUSES: readonly RunStatusName[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface RunRecord {
  id: string;
  projectId: string;
  kind: 'FINETUNE' | 'PRETRAIN';
  status: RunStatusName;
  sourceModelId: string | null;
  targetModelId: string | null;
  datasetId: string;
  qualityProfileId: string | null;
  strategyId: string | null;
  strategyKind: string;
  strategySpec: Record<string, unknown>;
  seed: number;
  limitExamples: number | null;
  epochs: number;
  sweepId: string | null;
  backend: string | null;
  device: string | null;
  error: string | null;
  tags: string[];
  notes: string | null;
  epochsCompleted: number;
  jobId: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export type NewRun = Pick<
  RunRecord,
  | 'projectId'
  | 'kind'
  | 'sourceModelId'
  | 'targetModelId'
  | 'datasetId'
  | 'qualityProfileId'
  | 'strategyId'
  | 'strategyKind'
  | 'strategySpec'
  | 'seed'
  | 'limitExamples'
  | 'epochs'
  | 'sweepId'
  | 'tags'
>;

/** A run's last/min/max of one metric. */
export interface SummaryValue {
  last: number;
  min: number;
  max: number;
  epoch: number;
}

function toRecord(entity: RunEntity): RunRecord {
  return { ...entity, kind: entity.kind as RunRecord['kind'], status: entity.status as RunStatusName };
}

/** Adapts a TypeORM transaction to pg-boss's `db.executeSql`, so a job is sent in the same transaction. */
function executorFor(manager: EntityManager): SqlExecutor {
  return async (text, values) => ({ rows: (await manager.query(text, values)) as unknown[] });
}

export class RunRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get runs() {
    return this.dataSource.getRepository(RunEntity);
  }

  /**
   * Inserts runs and, in the same transaction, enqueues a job for each: either
   * every run exists with its job, or nothing was written.
   */
  async createWithJobs(
    runs: NewRun[],
    enqueue: (runId: string, execute: SqlExecutor) => Promise<string>,
  ): Promise<RunRecord[]> {
    return this.dataSource.transaction(async (manager) => {
      const created: RunRecord[] = [];
      for (const run of runs) {
        const entity = manager.create(RunEntity, {
          ...run,
          status: 'QUEUED',
          epochsCompleted: 0,
          queuedAt: new Date(),
        });
        const saved = await manager.save(entity);
        saved.jobId = await enqueue(saved.id, executorFor(manager));
        await manager.update(RunEntity, { id: saved.id }, { jobId: saved.jobId });
        created.push(toRecord(saved));
      }
      return created;
    });
  }

  async findById(id: string): Promise<RunRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.runs.findOneBy({ id });
    return entity ? toRecord(entity) : undefined;
  }

  async findByIds(ids: string[]): Promise<RunRecord[]> {
    if (ids.length === 0) return [];
    const entities = await this.runs
      .createQueryBuilder('run')
      .where('run.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(entities.map((e) => [e.id, toRecord(e)]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  async projectIdsOf(ids: string[]): Promise<Map<string, string>> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return new Map();
    const rows = (await this.dataSource.query('SELECT id, project_id FROM run WHERE id = ANY($1::uuid[])', [
      valid,
    ])) as { id: string; project_id: string }[];
    return new Map(rows.map((row) => [row.id, row.project_id]));
  }

  async findBySweep(sweepId: string): Promise<RunRecord[]> {
    return (await this.runs.find({ where: { sweepId }, order: { queuedAt: 'ASC', id: 'ASC' } })).map(
      toRecord,
    );
  }

  /**
   * Moves a run to `status` only from one of `from`; returns the updated run, or
   * undefined when it was in another state (e.g. already cancelled).
   */
  async transition(
    id: string,
    from: readonly RunStatusName[],
    status: RunStatusName,
    fields: Partial<Pick<RunRecord, 'backend' | 'device' | 'error' | 'startedAt' | 'finishedAt'>> = {},
  ): Promise<RunRecord | undefined> {
    const result = await this.runs
      .createQueryBuilder()
      .update(RunEntity)
      .set({ status, ...fields })
      .where('id = :id AND status IN (:...from)', { id, from })
      .returning('*')
      .execute();
    const row = (result.raw as Record<string, unknown>[])[0];
    return row ? this.findById(id) : undefined;
  }

  async setTags(
    id: string,
    tags: string[],
    notes: string | null | undefined,
  ): Promise<RunRecord | undefined> {
    await this.runs.update({ id }, notes === undefined ? { tags } : { tags, notes });
    return this.findById(id);
  }

  /**
   * Stores one epoch's numeric metrics atomically: the points (a retried
   * epoch hits the primary key and changes nothing), the per-run summary used
   * to filter and order runs, and the epoch counter.
   */
  async recordEpoch(runId: string, epoch: number, metrics: Record<string, number | string>): Promise<void> {
    await this.recordEpochs([{ runId, epoch, metrics }]);
  }

  /**
   * `recordEpoch` for many epochs (of one run or many) in one statement, so
   * one round trip and atomic: the same points, summaries and epoch counters
   * as recording each epoch in turn.
   */
  async recordEpochs(
    epochs: { runId: string; epoch: number; metrics: Record<string, number | string> }[],
  ): Promise<void> {
    const runIds: string[] = [];
    const keys: string[] = [];
    const epochNumbers: number[] = [];
    const values: number[] = [];
    const latest = new Map<string, number>();
    for (const { runId, epoch, metrics } of epochs) {
      latest.set(runId, Math.max(epoch, latest.get(runId) ?? epoch));
      for (const [key, value] of Object.entries(metrics)) {
        if (typeof value === 'number' && Number.isFinite(value)) {
          runIds.push(runId);
          keys.push(key);
          epochNumbers.push(epoch);
          values.push(value);
        }
      }
    }
    if (latest.size === 0) return;
    // Data-modifying CTEs: every part sees the same snapshot and none depends on another's writes.
    // The summary takes one row per (run, key) first: an upsert may touch a row only once per statement.
    await this.dataSource.query(
      `WITH points AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::float8[]) AS p(run_id, key, epoch, value)
       ), stored AS (
         INSERT INTO metric (run_id, key, epoch, value) SELECT run_id, key, epoch, value FROM points
         ON CONFLICT (run_id, key, epoch) DO NOTHING
       ), summarised AS (
         INSERT INTO run_summary (run_id, key, last, min, max, epoch)
         SELECT DISTINCT ON (run_id, key) run_id, key, value,
                min(value) OVER per_key, max(value) OVER per_key, epoch
         FROM points
         WINDOW per_key AS (PARTITION BY run_id, key)
         ORDER BY run_id, key, epoch DESC
         ON CONFLICT (run_id, key) DO UPDATE SET
           last  = CASE WHEN EXCLUDED.epoch >= run_summary.epoch THEN EXCLUDED.last ELSE run_summary.last END,
           epoch = GREATEST(run_summary.epoch, EXCLUDED.epoch),
           min   = LEAST(run_summary.min, EXCLUDED.min),
           max   = GREATEST(run_summary.max, EXCLUDED.max)
       )
       UPDATE run SET epochs_completed = GREATEST(run.epochs_completed, latest.epoch)
       FROM unnest($5::uuid[], $6::int[]) AS latest(run_id, epoch)
       WHERE run.id = latest.run_id`,
      [runIds, keys, epochNumbers, values, [...latest.keys()], [...latest.values()]],
    );
  }

  /** Every stored epoch of a run, for history before live events. */
  async epochs(runId: string): Promise<{ epoch: number; metrics: Record<string, number> }[]> {
    const rows = (await this.dataSource.query(
      'SELECT epoch, key, value FROM metric WHERE run_id = $1 ORDER BY epoch, key',
      [runId],
    )) as { epoch: number; key: string; value: number }[];
    const byEpoch = new Map<number, Record<string, number>>();
    for (const row of rows) {
      const metrics = byEpoch.get(row.epoch) ?? {};
      metrics[row.key] = row.value;
      byEpoch.set(row.epoch, metrics);
    }
    return [...byEpoch].map(([epoch, metrics]) => ({ epoch, metrics }));
  }

  async summaries(runIds: string[]): Promise<Map<string, Map<string, SummaryValue>>> {
    const result = new Map<string, Map<string, SummaryValue>>();
    if (runIds.length === 0) return result;
    const rows = (await this.dataSource.query(
      'SELECT run_id, key, last, min, max, epoch FROM run_summary WHERE run_id = ANY($1::uuid[])',
      [runIds],
    )) as ({ run_id: string; key: string } & SummaryValue)[];
    for (const row of rows) {
      const perRun = result.get(row.run_id) ?? new Map<string, SummaryValue>();
      perRun.set(row.key, { last: row.last, min: row.min, max: row.max, epoch: row.epoch });
      result.set(row.run_id, perRun);
    }
    return result;
  }
}
