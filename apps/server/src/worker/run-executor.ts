import os from 'node:os';
import path from 'node:path';
import {
  getDataset,
  loadModel,
  parseQualitySpec,
  train,
  withQuality,
  type DatasetSource,
  type TrainEvent,
  type TrainSpec,
} from '@driftboard/trainer';
import type { EventBus, RunBusEvent } from '../bus/event-bus.js';
import type { Logger } from '../logger.js';
import type { DatasetRepository } from '../modules/dataset/dataset.repository.js';
import type { QualityProfileRepository } from '../modules/quality-profile/quality-profile.repository.js';
import type { RunRecord, RunRepository, RunStatusName } from '../modules/run/run.repository.js';
import type { SourceModelRepository } from '../modules/source-model/source-model.repository.js';

export interface RunExecutorDeps {
  runs: RunRepository;
  datasets: DatasetRepository;
  sourceModels: SourceModelRepository;
  profiles: QualityProfileRepository;
  bus: EventBus;
  dataDir: string;
  logger: Logger;
}

/** Thrown for a run that cannot start; it is marked FAILED instead of retried. */
class RunSetupError extends Error {}

/**
 * Trains one run in this worker process: turns the stored run into a trainer
 * spec, stores every epoch in one transaction, publishes events on the bus,
 * and stops at the next batch when a cancel for the run arrives. A retried
 * job (its previous worker died) resumes from the run's checkpoint, and
 * re-stored epochs are no-ops thanks to the metric table's primary key.
 */
export class RunExecutor {
  private readonly device = `${os.hostname()}:${process.pid}`;

  constructor(private readonly deps: RunExecutorDeps) {}

  /**
   * Trains the run until it ends or until `deadline` (epoch ms), whichever
   * comes first. Returns 'continue' when the deadline stopped it: the caller
   * queues a new job, which resumes from the checkpoint.
   */
  async execute(runId: string, deadline = Infinity): Promise<'done' | 'continue'> {
    const { runs, logger } = this.deps;
    const run = await runs.findById(runId);
    if (!run || run.status === 'SUCCEEDED' || run.status === 'FAILED' || run.status === 'CANCELLED') {
      logger.info({ runId, status: run?.status }, 'job for a run that is gone or finished; skipping');
      return 'done';
    }
    let spec: TrainSpec;
    try {
      spec = await this.trainSpec(run);
    } catch (error) {
      if (!(error instanceof RunSetupError)) throw error;
      await this.finish(run, 'FAILED', error.message);
      return 'done';
    }
    const started = await runs.transition(run.id, ['QUEUED', 'RUNNING'], 'RUNNING', {
      startedAt: run.startedAt ?? new Date(),
      device: this.device,
    });
    if (!started) return 'done'; // cancelled while queued
    if (run.status === 'QUEUED')
      await this.publish(run, { kind: 'status', status: 'RUNNING', error: null, at: now() });

    const controller = new AbortController();
    let leaseEnded = false;
    const stopListening = await this.deps.bus.subscribe('run-cancel', (message) => {
      if (message.runId === runId) controller.abort();
    });
    const leaseTimer = Number.isFinite(deadline)
      ? setTimeout(
          () => {
            leaseEnded = true;
            controller.abort();
          },
          Math.max(0, deadline - Date.now()),
        )
      : undefined;
    try {
      for await (const event of train(spec, { signal: controller.signal })) {
        if (leaseEnded && event.type === 'finished' && event.status === 'cancelled') {
          await this.log(run, 'INFO', `handing over to a new job after epoch ${event.epochsCompleted}`);
          return 'continue';
        }
        await this.handle(run, event);
      }
    } finally {
      clearTimeout(leaseTimer);
      await stopListening();
    }
    return 'done';
  }

  private async handle(run: RunRecord, event: TrainEvent): Promise<void> {
    const { runs, logger } = this.deps;
    switch (event.type) {
      case 'started':
        await runs.transition(run.id, ['RUNNING'], 'RUNNING', { backend: event.backend });
        if (run.qualityProfileId && event.realisedNoiseRate !== undefined) {
          // Reported with the profile: the noise its seed actually produced on this data.
          await this.deps.profiles.setRealisedNoiseRate(run.qualityProfileId, event.realisedNoiseRate);
        }
        await this.log(
          run,
          'INFO',
          `${event.startEpoch > 1 ? `resumed at epoch ${event.startEpoch}` : 'started'} on ${event.backend}: ` +
            `${event.strategy.kind} (${event.strategyReason}); ${event.trainExamples} training examples`,
        );
        return;
      case 'epoch':
        await runs.recordEpoch(run.id, event.epoch, event.metrics);
        await this.publish(run, { kind: 'epoch', epoch: event.epoch, metrics: event.metrics });
        return;
      case 'checkpoint':
        logger.debug({ runId: run.id, epoch: event.epoch }, 'checkpoint written');
        return;
      case 'finished': {
        const status: RunStatusName = event.status === 'cancelled' ? 'CANCELLED' : 'SUCCEEDED';
        if (run.kind === 'PRETRAIN' && run.targetModelId && status === 'SUCCEEDED') {
          await this.markModelReady(run.targetModelId);
        } else if (run.kind === 'PRETRAIN' && run.targetModelId) {
          await this.deps.sourceModels.update(run.targetModelId, { status: 'FAILED' });
        }
        await this.log(run, 'INFO', `${event.status} after ${event.epochsCompleted} epochs`);
        await this.finish(run, status, null);
        return;
      }
      case 'failed':
        if (run.kind === 'PRETRAIN' && run.targetModelId) {
          await this.deps.sourceModels.update(run.targetModelId, { status: 'FAILED' });
        }
        await this.log(run, 'ERROR', event.error);
        await this.finish(run, 'FAILED', event.error);
        return;
    }
  }

  private async trainSpec(run: RunRecord): Promise<TrainSpec> {
    const { datasets, sourceModels, profiles, dataDir } = this.deps;
    const dataset = await datasets.findById(run.datasetId);
    if (!dataset) throw new RunSetupError(`dataset ${run.datasetId} no longer exists`);
    let source: DatasetSource;
    try {
      source = getDataset(dataset.name);
    } catch (error) {
      throw new RunSetupError((error as Error).message);
    }
    let evidence: TrainSpec['evidence'];
    if (run.qualityProfileId) {
      const profile = await profiles.findById(run.qualityProfileId);
      if (!profile) throw new RunSetupError(`quality profile ${run.qualityProfileId} no longer exists`);
      try {
        const quality = parseQualitySpec(profile.spec);
        source = withQuality(source, quality);
        evidence = { labelNoiseRate: quality.labelNoise?.rate };
      } catch (error) {
        throw new RunSetupError(`quality profile "${profile.name}": ${(error as Error).message}`);
      }
    }
    const { architecture, ...strategy } = run.strategySpec as Record<string, unknown> & {
      architecture?: string;
    };
    const common = {
      dataset: source,
      strategy,
      seed: run.seed,
      limit: run.limitExamples ?? undefined,
      checkpoint: { dir: path.join(dataDir, 'runs', run.id) },
      evidence,
    };
    if (run.kind === 'PRETRAIN') {
      const target = run.targetModelId ? await sourceModels.findById(run.targetModelId) : undefined;
      if (!target) throw new RunSetupError('the source model this PRETRAIN run produces no longer exists');
      return {
        ...common,
        source: { architecture: architecture as 'cnn' },
        saveTo: target.artifactPath,
      };
    }
    const model = run.sourceModelId ? await sourceModels.findById(run.sourceModelId) : undefined;
    if (!model) throw new RunSetupError('the source model of this run no longer exists');
    return { ...common, source: { path: model.artifactPath } };
  }

  private async markModelReady(modelId: string): Promise<void> {
    const model = await this.deps.sourceModels.findById(modelId);
    if (!model) return;
    const loaded = await loadModel(model.artifactPath);
    loaded.model.dispose();
    await this.deps.sourceModels.update(modelId, {
      status: 'READY',
      blocks: loaded.manifest.blocks.map((b) => b.name),
      inputShape: loaded.manifest.inputShape,
      classNames: loaded.manifest.classNames,
    });
  }

  private async finish(run: RunRecord, status: RunStatusName, error: string | null): Promise<void> {
    const updated = await this.deps.runs.transition(run.id, ['QUEUED', 'RUNNING'], status, {
      finishedAt: new Date(),
      error,
    });
    if (updated) await this.publish(run, { kind: 'status', status, error, at: now() });
  }

  private async log(run: RunRecord, level: 'INFO' | 'WARN' | 'ERROR', message: string): Promise<void> {
    this.deps.logger.info({ runId: run.id, level }, message);
    await this.publish(run, { kind: 'log', level, message, at: now() });
  }

  private async publish(run: RunRecord, event: RunEventBody): Promise<void> {
    try {
      await this.deps.bus.publish('run-event', {
        runId: run.id,
        projectId: run.projectId,
        ...event,
      } as RunBusEvent);
    } catch (error) {
      // Events are best effort: the database already holds the truth.
      this.deps.logger.warn({ err: error, runId: run.id }, 'could not publish a run event');
    }
  }
}

const now = () => new Date().toISOString();

/** A bus event without the run and project it is about (publish adds them). */
type RunEventBody = RunBusEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'runId' | 'projectId'>
    : never
  : never;
