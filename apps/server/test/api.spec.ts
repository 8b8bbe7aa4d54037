import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobState } from './support/database.js';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  CANCEL_RUN,
  IMPORT_MODEL,
  RUN_WITH_HISTORY,
  SOURCE_MODEL,
  SOURCE_MODEL_FIELDS,
  START_RUN,
  TINY_LIMIT,
  datasetId,
  isFinished,
  modelUpload,
  pretrainTinyModel,
  waitForRun,
  type RunView,
  type SourceModelView,
} from './support/fixtures.js';
import { expectNoInternals, type GraphQLClient } from './support/graphql-client.js';

interface DatasetView {
  id: string;
  name: string;
  modality: string;
  origin: string;
  inputShape: number[];
  classNames: string[];
  size: number;
  vocabularySize: number | null;
  createdAt: string;
}
interface ProfileView {
  id: string;
  name: string;
  datasetId: string;
  spec: Record<string, unknown>;
  realisedNoiseRate: number | null;
  createdAt: string;
}
interface StrategyView {
  id: string;
  name: string;
  kind: string;
  spec: Record<string, unknown>;
  createdAt: string;
}

const DATASET_FIELDS = 'id name modality origin inputShape classNames size vocabularySize createdAt';
const PROFILE_FIELDS = 'id name datasetId spec realisedNoiseRate createdAt';
const STRATEGY_FIELDS = 'id name kind spec createdAt';
const UNKNOWN_ID = '3f0c1d52-6a55-4c1e-9a43-0d6f6f1b2c7e';

describe('the API over HTTP', () => {
  let env: TestEnvironment;
  let client: GraphQLClient;
  let syntheticId: string;
  let mnistId: string;

  beforeAll(async () => {
    env = await startEnvironment();
    client = env.client;
    syntheticId = await datasetId(client);
    mnistId = await datasetId(client, 'mnist');
  });

  afterAll(async () => {
    await env?.close();
  });

  describe('datasets', () => {
    it('lists the built-in datasets with their modality, shape, classes and size', async () => {
      const { datasets } = await client.ok<{ datasets: DatasetView[] }>(`{ datasets { ${DATASET_FIELDS} } }`);
      const byName = new Map(datasets.map((d) => [d.name, d]));
      expect(byName.get('synthetic-image')).toMatchObject({
        modality: 'IMAGE',
        origin: 'BUILTIN',
        inputShape: [12, 12, 1],
        classNames: ['horizontal', 'vertical', 'blob', 'diagonal'],
        vocabularySize: null,
      });
      expect(byName.get('mnist')).toMatchObject({
        modality: 'IMAGE',
        origin: 'BUILTIN',
        inputShape: [28, 28, 1],
        size: 10_000,
      });
      expect(byName.get('mnist')!.classNames).toHaveLength(10);
      for (const dataset of datasets) {
        expect(dataset.size).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(dataset.createdAt))).toBe(false);
      }
    });

    it('dataset(id) returns that dataset; an unknown id is NOT_FOUND', async () => {
      const { dataset } = await client.ok<{ dataset: DatasetView }>(
        `query ($id: ID!) { dataset(id: $id) { ${DATASET_FIELDS} } }`,
        { id: syntheticId },
      );
      expect(dataset).toMatchObject({ id: syntheticId, name: 'synthetic-image' });
      await client.fails(
        'query ($id: ID!) { dataset(id: $id) { id } }',
        { id: UNKNOWN_ID },
        'NOT_FOUND',
        /no dataset/,
      );
    });

    it('deleteDataset refuses a built-in dataset (BAD_USER_INPUT) and keeps it', async () => {
      await client.fails(
        'mutation ($id: ID!) { deleteDataset(id: $id) { id } }',
        { id: syntheticId },
        'BAD_USER_INPUT',
        /"synthetic-image" is built in and cannot be deleted/,
      );
      const { datasets } = await client.ok<{ datasets: DatasetView[] }>('{ datasets { id } }');
      expect(datasets.map((d) => d.id)).toContain(syntheticId);
    });
  });

  describe('quality profiles', () => {
    it('are created with a normalised spec, listed (all or per dataset), read and deleted', async () => {
      const { createQualityProfile: profile } = await client.ok<{ createQualityProfile: ProfileView }>(
        `mutation ($input: CreateQualityProfileInput!) { createQualityProfile(input: $input) { ${PROFILE_FIELDS} } }`,
        {
          input: { name: 'noisy-0.2', datasetId: syntheticId, spec: { labelNoise: { rate: 0.2 }, seed: 3 } },
        },
      );
      expect(profile).toMatchObject({
        name: 'noisy-0.2',
        datasetId: syntheticId,
        spec: { labelNoise: { rate: 0.2 }, seed: 3 },
        realisedNoiseRate: null,
      });

      const list = `query ($datasetId: ID) { qualityProfiles(datasetId: $datasetId) { ${PROFILE_FIELDS} } }`;
      const names = async (datasetId?: string) =>
        (await client.ok<{ qualityProfiles: ProfileView[] }>(list, { datasetId })).qualityProfiles.map(
          (p) => p.name,
        );
      expect(await names()).toContain('noisy-0.2');
      expect(await names(syntheticId)).toEqual(['noisy-0.2']);
      expect(await names(mnistId)).toEqual([]);

      const get = `query ($id: ID!) { qualityProfile(id: $id) { ${PROFILE_FIELDS} } }`;
      expect(
        (await client.ok<{ qualityProfile: ProfileView }>(get, { id: profile.id })).qualityProfile,
      ).toEqual(profile);

      const remove = `mutation ($id: ID!) { deleteQualityProfile(id: $id) { ${PROFILE_FIELDS} } }`;
      expect(
        (await client.ok<{ deleteQualityProfile: ProfileView }>(remove, { id: profile.id }))
          .deleteQualityProfile,
      ).toEqual(profile);
      await client.fails(get, { id: profile.id }, 'NOT_FOUND', /no quality profile/);
      await client.fails(remove, { id: profile.id }, 'NOT_FOUND', /no quality profile/);
      expect(await names()).not.toContain('noisy-0.2');
    });
  });

  describe('strategies', () => {
    it('are saved with every default filled in, listed, read and deleted', async () => {
      const { createStrategy: strategy } = await client.ok<{ createStrategy: StrategyView }>(
        `mutation ($input: CreateStrategyInput!) { createStrategy(input: $input) { ${STRATEGY_FIELDS} } }`,
        { input: { name: 'last block', spec: { kind: 'last-k', k: 1, epochs: 2 } } },
      );
      expect(strategy).toMatchObject({
        name: 'last block',
        kind: 'last-k',
        spec: {
          kind: 'last-k',
          k: 1,
          epochs: 2,
          optimizer: 'adam',
          learningRate: 0.001,
          batchSize: 64,
          loss: 'ce',
        },
      });

      const list = `{ strategies { ${STRATEGY_FIELDS} } }`;
      expect((await client.ok<{ strategies: StrategyView[] }>(list)).strategies).toContainEqual(strategy);
      const get = `query ($id: ID!) { strategy(id: $id) { ${STRATEGY_FIELDS} } }`;
      expect((await client.ok<{ strategy: StrategyView }>(get, { id: strategy.id })).strategy).toEqual(
        strategy,
      );

      const remove = `mutation ($id: ID!) { deleteStrategy(id: $id) { ${STRATEGY_FIELDS} } }`;
      expect(
        (await client.ok<{ deleteStrategy: StrategyView }>(remove, { id: strategy.id })).deleteStrategy,
      ).toEqual(strategy);
      await client.fails(get, { id: strategy.id }, 'NOT_FOUND', /no strategy/);
      expect((await client.ok<{ strategies: StrategyView[] }>(list)).strategies).not.toContainEqual(strategy);
    });
  });

  describe('source models and runs', () => {
    let imported: SourceModelView;
    let pretrain: { sourceModel: SourceModelView; run: RunView };
    let queued: RunView;

    it('importSourceModel stores a TensorFlow.js LayersModel as a READY source model', async () => {
      const upload = await modelUpload({ seed: 3 });
      imported = (
        await client.ok<{ importSourceModel: SourceModelView }>(IMPORT_MODEL, {
          input: { name: 'imported cnn', modelJson: upload.modelJson, weightsBase64: upload.weightsBase64 },
        })
      ).importSourceModel;
      expect(imported).toMatchObject({
        name: 'imported cnn',
        architecture: 'cnn-ref',
        status: 'READY',
        blocks: ['conv1', 'conv2', 'dense', 'head'],
        inputShape: [12, 12, 1],
        classNames: ['0', '1', '2', '3'],
        datasetId: null,
        pretrainRunId: null,
      });
      // The weights a user sent are the weights the server keeps.
      const folder = path.join(env.deployment.dataDir, 'models', imported.id);
      expect((await readFile(path.join(folder, 'weights.bin'))).toString('base64')).toBe(
        upload.weightsBase64,
      );

      const { sourceModels } = await client.ok<{ sourceModels: SourceModelView[] }>(
        `{ sourceModels { ${SOURCE_MODEL_FIELDS} } }`,
      );
      expect(sourceModels).toContainEqual(imported);
      expect(
        (await client.ok<{ sourceModel: SourceModelView }>(SOURCE_MODEL, { id: imported.id })).sourceModel,
      ).toEqual(imported);
    });

    it('importSourceModel infers the blocks of a LayersModel that carries no driftboard manifest', async () => {
      const upload = await modelUpload({ withoutManifest: true });
      const { importSourceModel: model } = await client.ok<{ importSourceModel: SourceModelView }>(
        IMPORT_MODEL,
        {
          input: {
            name: 'plain tfjs model',
            modelJson: upload.modelJson,
            weightsBase64: upload.weightsBase64,
          },
        },
      );
      expect(model).toMatchObject({ architecture: 'imported', status: 'READY', inputShape: [12, 12, 1] });
      expect(model.blocks.at(-1)).toBe('head');
      expect(model.blocks.length).toBeGreaterThanOrEqual(2);
      expect(model.classNames).toEqual(['0', '1', '2', '3']);
    });

    it('pretrainSourceModel queues a PRETRAIN run; the model is PRETRAINING and cannot be deleted meanwhile', async () => {
      pretrain = await pretrainTinyModel(client, 'pretrained cnn', { epochs: 2, seed: 4 });
      expect(pretrain.sourceModel).toMatchObject({
        name: 'pretrained cnn',
        architecture: 'cnn-ref',
        status: 'PRETRAINING',
        datasetId: syntheticId,
        pretrainRunId: pretrain.run.id,
        inputShape: [12, 12, 1],
      });
      expect(pretrain.run).toMatchObject({
        kind: 'PRETRAIN',
        status: 'QUEUED',
        datasetId: syntheticId,
        sourceModelId: null,
        epochs: 2,
        limit: TINY_LIMIT,
        seed: 4,
        tags: ['pretrain'],
        epochsCompleted: 0,
        startedAt: null,
      });
      expect(pretrain.run.strategySpec).toMatchObject({ kind: 'full', epochs: 2 });
      await client.fails(
        'mutation ($id: ID!) { deleteSourceModel(id: $id) { id } }',
        { id: pretrain.sourceModel.id },
        'CONFLICT',
        /"pretrained cnn" is being pretrained/,
      );
    });

    it('startRun queues a FINETUNE run with a job; run(id) reads it back', async () => {
      queued = (
        await client.ok<{ startRun: RunView }>(START_RUN, {
          input: {
            sourceModelId: imported.id,
            datasetId: syntheticId,
            strategy: { kind: 'last-k', k: 1, epochs: 2 },
            limit: TINY_LIMIT,
            seed: 5,
            tags: ['api', 'api', 'smoke'],
          },
        })
      ).startRun;
      expect(queued).toMatchObject({
        kind: 'FINETUNE',
        status: 'QUEUED',
        sourceModelId: imported.id,
        datasetId: syntheticId,
        qualityProfileId: null,
        strategyId: null,
        epochs: 2,
        epochsCompleted: 0,
        limit: TINY_LIMIT,
        seed: 5,
        tags: ['api', 'smoke'],
        startedAt: null,
        finishedAt: null,
        error: null,
        summary: { finalValAccuracy: null, bestValAccuracy: null, finalCkaMean: null, durationMs: null },
      });
      expect(queued.strategySpec).toMatchObject({ kind: 'last-k', k: 1, epochs: 2, learningRate: 0.001 });
      const { run } = await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: queued.id });
      expect(run).toEqual({ ...queued, history: [] });
      expect(await jobState(env.deployment.database.pool, await jobIdOf(queued.id))).toBe('created');
    });

    it('startRun takes a saved strategy and a quality profile of the dataset', async () => {
      const { createStrategy } = await client.ok<{ createStrategy: StrategyView }>(
        'mutation ($input: CreateStrategyInput!) { createStrategy(input: $input) { id } }',
        { input: { name: 'probe the head', spec: { kind: 'linear-probe', epochs: 1 } } },
      );
      const { createQualityProfile } = await client.ok<{ createQualityProfile: ProfileView }>(
        'mutation ($input: CreateQualityProfileInput!) { createQualityProfile(input: $input) { id } }',
        {
          input: {
            name: 'half the labels flipped',
            datasetId: syntheticId,
            spec: { labelNoise: { rate: 0.5 } },
          },
        },
      );
      const { startRun } = await client.ok<{ startRun: RunView }>(START_RUN, {
        input: {
          sourceModelId: imported.id,
          datasetId: syntheticId,
          strategyId: createStrategy.id,
          qualityProfileId: createQualityProfile.id,
          limit: TINY_LIMIT,
        },
      });
      expect(startRun).toMatchObject({
        status: 'QUEUED',
        strategyId: createStrategy.id,
        qualityProfileId: createQualityProfile.id,
        epochs: 1,
        seed: 0,
        tags: [],
      });
      expect(startRun.strategySpec).toMatchObject({ kind: 'linear-probe', epochs: 1 });
      await client.ok(CANCEL_RUN, { id: startRun.id });
    });

    it('tagRun replaces the tags (trimmed, without duplicates) and the notes; without notes it keeps them', async () => {
      const tag = `mutation ($id: ID!, $tags: [String!]!, $notes: String) {
        tagRun(id: $id, tags: $tags, notes: $notes) { id tags notes }
      }`;
      expect(
        (
          await client.ok<{ tagRun: RunView }>(tag, {
            id: queued.id,
            tags: [' baseline ', 'baseline', 'v2'],
            notes: 'first try',
          })
        ).tagRun,
      ).toEqual({ id: queued.id, tags: ['baseline', 'v2'], notes: 'first try' });
      expect((await client.ok<{ tagRun: RunView }>(tag, { id: queued.id, tags: ['final'] })).tagRun).toEqual({
        id: queued.id,
        tags: ['final'],
        notes: 'first try',
      });
      const { run } = await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: queued.id });
      expect(run).toMatchObject({ tags: ['final'], notes: 'first try', status: 'QUEUED' });
    });

    it('cancelRun of a QUEUED run cancels it and its job at once; cancelling it again is a CONFLICT', async () => {
      const { cancelRun } = await client.ok<{ cancelRun: RunView }>(CANCEL_RUN, { id: queued.id });
      expect(cancelRun).toMatchObject({
        id: queued.id,
        status: 'CANCELLED',
        startedAt: null,
        epochsCompleted: 0,
      });
      expect(cancelRun.finishedAt).not.toBeNull();
      expect((await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: queued.id })).run.status).toBe(
        'CANCELLED',
      );
      expect(await jobState(env.deployment.database.pool, await jobIdOf(queued.id))).toBe('cancelled');
      await client.fails(CANCEL_RUN, { id: queued.id }, 'CONFLICT', /already CANCELLED/);
    });

    it('a worker trains the PRETRAIN run: the model becomes READY, and can then be deleted with its files', async () => {
      const worker = await env.spawnWorker();
      const run = await waitForRun(client, pretrain.run.id, isFinished, 60_000, worker.output);
      expect(run).toMatchObject({ status: 'SUCCEEDED', epochsCompleted: 2, error: null });
      expect(run.history!.map((h) => h.epoch)).toEqual([1, 2]);
      const { sourceModel } = await client.ok<{ sourceModel: SourceModelView }>(SOURCE_MODEL, {
        id: pretrain.sourceModel.id,
      });
      expect(sourceModel).toMatchObject({ status: 'READY', blocks: ['conv1', 'conv2', 'dense', 'head'] });
      // The cancelled runs stayed cancelled: the worker never took their jobs.
      expect((await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: queued.id })).run.status).toBe(
        'CANCELLED',
      );

      const folder = path.join(env.deployment.dataDir, 'models', sourceModel.id);
      expect(existsSync(path.join(folder, 'model.json'))).toBe(true);
      const remove = `mutation ($id: ID!) { deleteSourceModel(id: $id) { ${SOURCE_MODEL_FIELDS} } }`;
      expect(
        (await client.ok<{ deleteSourceModel: SourceModelView }>(remove, { id: sourceModel.id }))
          .deleteSourceModel,
      ).toEqual(sourceModel);
      expect(existsSync(folder)).toBe(false);
      await client.fails(SOURCE_MODEL, { id: sourceModel.id }, 'NOT_FOUND', /no source model/);
      const { sourceModels } = await client.ok<{ sourceModels: SourceModelView[] }>(
        '{ sourceModels { id } }',
      );
      expect(sourceModels.map((m) => m.id)).not.toContain(sourceModel.id);
      // Its PRETRAIN run is history, not part of the model: it stays readable.
      expect((await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: run.id })).run.status).toBe(
        'SUCCEEDED',
      );
    });
  });

  it('no response carried a stack trace, SQL or a server path', () => {
    expect(client.responses.length).toBeGreaterThan(20);
    for (const response of client.responses) expectNoInternals(response);
  });

  async function jobIdOf(runId: string): Promise<string> {
    const { rows } = await env.deployment.database.pool.query<{ job_id: string }>(
      'SELECT job_id FROM run WHERE id = $1',
      [runId],
    );
    return rows[0].job_id;
  }
});
