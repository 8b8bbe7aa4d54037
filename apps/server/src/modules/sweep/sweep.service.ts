import { METRIC } from '@driftboard/trainer';
import type { Logger } from '../../logger.js';
import type { Access, ProjectDirectory } from '../access/access.js';
import type { RunWithSummary } from '../run/run-query.service.js';
import { TERMINAL_STATUSES, type RunRepository } from '../run/run.repository.js';
import type { RunService, StartRunRequest } from '../run/run.service.js';
import { paretoFront, type ParetoCandidate } from './pareto-front.js';
import { SweepError } from './sweep.errors.js';
import type { SweepRecord, SweepRepository } from './sweep.repository.js';

/** Big enough for any grid the input allows to be useful, small enough to validate and store in one go. */
export const MAX_SWEEP_RUNS = 500;

export interface StartSweepRequest {
  name: string;
  sourceModelId: string;
  datasetId: string;
  strategyIds: string[];
  /** None: every run trains on the clean dataset. */
  qualityProfileIds: string[];
  seeds: number[];
  limit?: number | null;
  projectId?: string | null;
}

export interface SweepView {
  sweep: SweepRecord;
  runs: RunWithSummary[];
  finishedRuns: number;
  paretoFront: ParetoCandidate[];
}

/** The grid of a sweep: every strategy × quality profile (or the clean dataset) × seed. */
export function sweepGrid(
  request: StartSweepRequest,
  sweepId: string,
  projectId?: string,
): StartRunRequest[] {
  const strategies = [...new Set(request.strategyIds)];
  const profiles = request.qualityProfileIds.length ? [...new Set(request.qualityProfileIds)] : [null];
  const seeds = [...new Set(request.seeds)];
  return strategies.flatMap((strategyId) =>
    profiles.flatMap((qualityProfileId) =>
      seeds.map((seed) => ({
        sourceModelId: request.sourceModelId,
        datasetId: request.datasetId,
        qualityProfileId,
        strategyId,
        seed,
        limit: request.limit ?? null,
        tags: [],
        sweepId,
        projectId,
      })),
    ),
  );
}

export class SweepService {
  constructor(
    private readonly sweeps: SweepRepository,
    private readonly runService: RunService,
    private readonly runs: RunRepository,
    private readonly logger: Logger,
    private readonly projects: ProjectDirectory,
  ) {}

  /**
   * Creates the sweep and queues its whole grid, or nothing: RunService
   * validates every run before storing them all in one transaction, and the
   * sweep row is removed again when that fails.
   */
  async start(access: Access, request: StartSweepRequest): Promise<SweepView> {
    const size = sweepGrid(request, '').length;
    if (size > MAX_SWEEP_RUNS) {
      throw SweepError.invalid(
        `a sweep starts at most ${MAX_SWEEP_RUNS} runs; strategies × quality profiles × seeds makes ${size}`,
      );
    }
    const projectId = await this.projects.projectForNewRow(access, request.projectId);
    const sweep = await this.sweeps.create(request.name, projectId);
    try {
      await this.runService.start(access, sweepGrid(request, sweep.id, sweep.projectId));
    } catch (error) {
      await this.sweeps.delete(sweep.id);
      throw error;
    }
    this.logger.info({ sweepId: sweep.id, runs: size }, 'sweep started');
    return this.get(access, sweep.id);
  }

  async get(access: Access, id: string): Promise<SweepView> {
    const sweep = await this.sweeps.findById(id);
    if (!sweep || !access.canSee(sweep.projectId)) throw SweepError.notFound(id);
    const records = await this.runs.findBySweep(id);
    const summaries = await this.runs.summaries(records.map((r) => r.id));
    const runs = records.map((run) => ({ run, summary: summaries.get(run.id) }));
    return {
      sweep,
      runs,
      finishedRuns: records.filter((r) => TERMINAL_STATUSES.includes(r.status)).length,
      paretoFront: paretoFront(paretoCandidates(runs)),
    };
  }
}

/** Succeeded runs with both final numbers: accuracy on clean labels and mean CKA to the source. */
export function paretoCandidates(runs: RunWithSummary[]): ParetoCandidate[] {
  return runs.flatMap(({ run, summary }) => {
    const accuracy = summary?.get(METRIC.valAccuracyClean)?.last;
    const ckaMean = summary?.get(METRIC.ckaMean)?.last;
    if (run.status !== 'SUCCEEDED' || accuracy === undefined || ckaMean === undefined) return [];
    return [{ runId: run.id, accuracy, ckaMean }];
  });
}
