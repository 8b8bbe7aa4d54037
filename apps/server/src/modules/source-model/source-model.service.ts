import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildModel, loadModel, parseStrategy, type ArchitectureName } from '@driftboard/trainer';
import type { Logger } from '../../logger.js';
import type { DatasetRecord, DatasetRepository } from '../dataset/dataset.repository.js';
import type { RunRecord } from '../run/run.repository.js';
import type { RunService } from '../run/run.service.js';
import { SourceModelError } from './source-model.errors.js';
import type { SourceModelRecord, SourceModelRepository } from './source-model.repository.js';

export interface PretrainRequest {
  name: string;
  datasetId: string;
  architecture: string;
  epochs: number;
  limit?: number | null;
  seed: number;
  /** The project of the PRETRAIN run (source models themselves are shared by every project). */
  projectId: string;
}

export interface ImportRequest {
  name: string;
  modelJson: Record<string, unknown>;
  weightsBase64: string;
}

export class SourceModelService {
  constructor(
    private readonly models: SourceModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly runs: RunService,
    private readonly modelsDir: string,
    private readonly logger: Logger,
  ) {}

  list(): Promise<SourceModelRecord[]> {
    return this.models.list();
  }

  async get(id: string): Promise<SourceModelRecord> {
    const model = await this.models.findById(id);
    if (!model) throw SourceModelError.notFound(id);
    return model;
  }

  /**
   * Queues a PRETRAIN run that trains `architecture` from scratch on the
   * dataset's source half; the model is READY when the run succeeds.
   */
  async pretrain(request: PretrainRequest): Promise<{ model: SourceModelRecord; run: RunRecord }> {
    const dataset = await this.datasets.findById(request.datasetId);
    if (!dataset) throw SourceModelError.badInput(`datasetId: no dataset with id ${request.datasetId}`);
    this.assertArchitectureFits(request.architecture, dataset);
    await this.assertNameFree(request.name);
    const id = randomUUID();
    const model = await this.models.create({
      id,
      name: request.name,
      architecture: request.architecture,
      blocks: [],
      inputShape: dataset.inputShape,
      classNames: dataset.classNames,
      datasetId: dataset.id,
      status: 'PRETRAINING',
      pretrainRunId: null,
      artifactPath: path.join(this.modelsDir, id),
    });
    const strategy = parseStrategy({ kind: 'full', epochs: request.epochs });
    try {
      const [run] = await this.runs.enqueue([
        {
          projectId: request.projectId,
          kind: 'PRETRAIN',
          sourceModelId: null,
          targetModelId: model.id,
          datasetId: dataset.id,
          qualityProfileId: null,
          strategyId: null,
          strategyKind: strategy.kind,
          strategySpec: { ...strategy, architecture: request.architecture },
          seed: request.seed,
          limitExamples: request.limit ?? null,
          epochs: strategy.epochs,
          sweepId: null,
          tags: ['pretrain'],
        },
      ]);
      await this.models.update(model.id, { pretrainRunId: run.id });
      return { model: { ...model, pretrainRunId: run.id }, run };
    } catch (error) {
      // The run could not be queued: leave nothing behind.
      await this.models.delete(model.id);
      throw error;
    }
  }

  /**
   * Imports a TensorFlow.js LayersModel: writes model.json + weights.bin, loads
   * it with the trainer to check it is usable (a Dense softmax head, known
   * layers), and records its blocks. A model that fails the check leaves no trace.
   */
  async import(request: ImportRequest): Promise<SourceModelRecord> {
    await this.assertNameFree(request.name);
    const manifest = request.modelJson.weightsManifest;
    if (
      !Array.isArray(manifest) ||
      manifest.length === 0 ||
      typeof request.modelJson.modelTopology !== 'object'
    ) {
      throw SourceModelError.invalidArtifact(
        'modelJson must be a LayersModel model.json with "modelTopology" and "weightsManifest"',
      );
    }
    // Buffer.from skips characters outside the alphabet; say so instead of reporting a size mismatch.
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(request.weightsBase64.replace(/\s+/g, ''))) {
      throw SourceModelError.invalidArtifact('weightsBase64 is not base64');
    }
    const weights = Buffer.from(request.weightsBase64, 'base64');
    const id = randomUUID();
    const dir = path.join(this.modelsDir, id);
    const weightSpecs = (manifest as { weights: unknown[] }[]).flatMap((group) => group.weights ?? []);
    const modelJson = {
      ...request.modelJson,
      weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
    };
    await fs.mkdir(dir, { recursive: true });
    try {
      await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      await fs.writeFile(path.join(dir, 'weights.bin'), weights);
      const loaded = await loadModel(dir).catch((error: unknown) => {
        // The trainer names the folder it read; the client must not learn the server's paths.
        const reason = (error instanceof Error ? error.message : String(error))
          .replaceAll(` in ${dir}`, '')
          .replaceAll(dir, 'the upload');
        throw SourceModelError.invalidArtifact(reason);
      });
      const { manifest: modelManifest } = loaded;
      loaded.model.dispose();
      return await this.models.create({
        id,
        name: request.name,
        architecture: modelManifest.architecture,
        blocks: modelManifest.blocks.map((b) => b.name),
        inputShape: modelManifest.inputShape,
        classNames: modelManifest.classNames,
        datasetId: null,
        status: 'READY',
        pretrainRunId: null,
        artifactPath: dir,
      });
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async delete(id: string): Promise<SourceModelRecord> {
    const model = await this.get(id);
    if (model.status === 'PRETRAINING') throw SourceModelError.inUse(model.name);
    await this.models.delete(id);
    await fs.rm(model.artifactPath, { recursive: true, force: true });
    this.logger.info({ sourceModel: model.name }, 'source model deleted');
    return model;
  }

  /** Builds (and drops) the untrained model, so that e.g. `text` on an image dataset fails now, not in a worker. */
  private assertArchitectureFits(architecture: string, dataset: DatasetRecord): void {
    try {
      buildModel({
        architecture: architecture as ArchitectureName,
        inputShape: dataset.inputShape,
        inputDtype: dataset.inputDtype,
        classNames: dataset.classNames,
        vocabularySize: dataset.vocabularySize ?? undefined,
        seed: 0,
      }).model.dispose();
    } catch (error) {
      throw SourceModelError.badInput(
        `architecture "${architecture}" does not fit dataset "${dataset.name}": ${(error as Error).message}`,
      );
    }
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.models.findByName(name)) throw SourceModelError.nameTaken(name);
  }
}
