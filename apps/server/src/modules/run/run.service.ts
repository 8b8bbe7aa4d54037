import {
  InvalidStrategyError,
  parseStrategy,
  validateStrategyForBlocks,
  type StrategySpec,
} from '@driftboard/trainer';
import type { EventBus } from '../../bus/event-bus.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Logger } from '../../logger.js';
import type { Access, ProjectDirectory } from '../access/access.js';
import type { DatasetRepository } from '../dataset/dataset.repository.js';
import type { SourceModelRepository } from '../source-model/source-model.repository.js';
import { RunError } from './run.errors.js';
import type { QualityProfileLookup, StrategyLookup } from './run-lookups.js';
import { TERMINAL_STATUSES, type NewRun, type RunRecord, type RunRepository } from './run.repository.js';

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 50;

export interface StartRunRequest {
  sourceModelId: string;
  datasetId: string;
  qualityProfileId?: string | null;
  strategyId?: string | null;
  strategy?: Record<string, unknown> | null;
  seed: number;
  limit?: number | null;
  tags: string[];
  sweepId?: string | null;
  projectId?: string | null;
}

export class RunService {
  constructor(
    private readonly runs: RunRepository,
    private readonly datasets: DatasetRepository,
    private readonly sourceModels: SourceModelRepository,
    private readonly profiles: QualityProfileLookup,
    private readonly strategies: StrategyLookup,
    private readonly queue: JobQueue,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly projects: ProjectDirectory,
  ) {}

  /** A run the caller's projects hold; any other id is NOT_FOUND, whether or not it exists. */
  async get(access: Access, id: string): Promise<RunRecord> {
    const run = await this.runs.findById(id);
    if (!run || !access.canSee(run.projectId)) throw RunError.notFound(id);
    return run;
  }

  /** Validates every request first, then stores all runs with their jobs in one transaction. */
  async start(access: Access, requests: StartRunRequest[]): Promise<RunRecord[]> {
    const newRuns: NewRun[] = [];
    for (const request of requests) newRuns.push(await this.validate(access, request));
    return this.enqueue(newRuns);
  }

  /** Stores already-validated runs (a PRETRAIN run, a sweep's grid) with their jobs and announces them. */
  async enqueue(newRuns: NewRun[]): Promise<RunRecord[]> {
    const created = await this.runs.createWithJobs(newRuns, (runId, execute) =>
      this.queue.enqueueTrain(runId, execute),
    );
    for (const run of created) await this.publishStatus(run);
    this.logger.info({ runs: created.map((r) => r.id) }, 'runs queued');
    return created;
  }

  async cancel(access: Access, id: string): Promise<RunRecord> {
    const run = await this.get(access, id);
    if (TERMINAL_STATUSES.includes(run.status)) throw RunError.alreadyFinished(id, run.status);
    if (run.status === 'QUEUED') {
      const cancelled = await this.runs.transition(id, ['QUEUED'], 'CANCELLED', { finishedAt: new Date() });
      if (cancelled) {
        if (run.jobId) await this.queue.cancel(run.jobId).catch(() => undefined);
        await this.publishStatus(cancelled);
        return cancelled;
      }
    }
    // Running (or just picked up): the worker that has it stops at its next batch and records CANCELLED.
    await this.bus.publish('run-cancel', { runId: id });
    return this.get(access, id);
  }

  async tag(
    access: Access,
    id: string,
    tags: string[],
    notes: string | null | undefined,
  ): Promise<RunRecord> {
    await this.get(access, id);
    const unique = [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
    // The same limits as startRun's tags.
    if (unique.length > MAX_TAGS) throw RunError.invalid(`tags: at most ${MAX_TAGS}, got ${unique.length}`);
    const tooLong = unique.find((t) => t.length > MAX_TAG_LENGTH);
    if (tooLong) {
      throw RunError.invalid(
        `tags: each is at most ${MAX_TAG_LENGTH} characters; "${tooLong.slice(0, 20)}…" has ${tooLong.length}`,
      );
    }
    return (await this.runs.setTags(id, unique, notes))!;
  }

  async publishStatus(run: RunRecord): Promise<void> {
    await this.bus.publish('run-event', {
      kind: 'status',
      runId: run.id,
      projectId: run.projectId,
      status: run.status,
      error: run.error,
      at: new Date().toISOString(),
    });
  }

  private async validate(access: Access, request: StartRunRequest): Promise<NewRun> {
    const projectId = await this.projects.projectForNewRow(access, request.projectId);
    const dataset = await this.datasets.findById(request.datasetId);
    if (!dataset || !access.canSee(dataset.projectId))
      throw RunError.invalid(`datasetId: no dataset with id ${request.datasetId}`);
    if (dataset.projectId !== null && dataset.projectId !== projectId)
      throw RunError.invalid(`dataset "${dataset.name}" belongs to another project than the run's`);
    const source = await this.sourceModels.findById(request.sourceModelId);
    if (!source) throw RunError.invalid(`sourceModelId: no source model with id ${request.sourceModelId}`);
    if (source.status !== 'READY') {
      throw RunError.invalid(
        `source model "${source.name}" is ${source.status}; only READY models can be fine-tuned`,
      );
    }
    if (source.inputShape.join('x') !== dataset.inputShape.join('x')) {
      throw RunError.invalid(
        `source model "${source.name}" takes inputs of shape [${source.inputShape}] but dataset "${dataset.name}" has [${dataset.inputShape}]`,
      );
    }
    if (request.qualityProfileId) {
      const profile = await this.profiles.findById(request.qualityProfileId);
      if (!profile || profile.projectId !== projectId)
        throw RunError.invalid(`qualityProfileId: no quality profile with id ${request.qualityProfileId}`);
      if (profile.datasetId !== dataset.id) {
        throw RunError.invalid(
          `quality profile "${profile.name}" degrades another dataset than "${dataset.name}"`,
        );
      }
    }
    const strategy = await this.resolveStrategy(request, source.blocks);
    return {
      projectId,
      kind: 'FINETUNE',
      sourceModelId: source.id,
      targetModelId: null,
      datasetId: dataset.id,
      qualityProfileId: request.qualityProfileId ?? null,
      strategyId: request.strategyId ?? null,
      strategyKind: strategy.kind,
      strategySpec: strategy as unknown as Record<string, unknown>,
      seed: request.seed,
      limitExamples: request.limit ?? null,
      epochs: strategy.epochs,
      sweepId: request.sweepId ?? null,
      tags: [...new Set(request.tags)],
    };
  }

  private async resolveStrategy(request: StartRunRequest, blocks: string[]): Promise<StrategySpec> {
    if (request.strategyId && request.strategy) {
      throw RunError.invalid('give either strategyId or an inline strategy, not both');
    }
    let json: unknown = request.strategy;
    if (request.strategyId) {
      const saved = await this.strategies.findById(request.strategyId);
      if (!saved) throw RunError.invalid(`strategyId: no strategy with id ${request.strategyId}`);
      json = saved.spec;
    }
    if (json === undefined || json === null) {
      throw RunError.invalid('a run needs a strategy: give strategyId or strategy, e.g. {"kind":"full"}');
    }
    try {
      const spec = parseStrategy(json);
      if (spec.kind !== 'auto') validateStrategyForBlocks(spec, blocks);
      return spec;
    } catch (error) {
      if (error instanceof InvalidStrategyError) throw RunError.invalid(`strategy: ${error.message}`);
      throw error;
    }
  }
}
