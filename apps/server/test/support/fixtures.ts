import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildModel, saveModel, type ArchitectureName } from '@driftboard/trainer';
import type { GraphQLClient } from './graphql-client.js';
import { waitFor } from './wait.js';

/** The built-in dataset every server test trains on: 12×12 grey images, 4 classes. */
export const DATASET_NAME = 'synthetic-image';
/** Few enough examples that an epoch takes well under a second on one core. */
export const TINY_LIMIT = 160;

export const RUN_FIELDS = `
  id kind status sourceModelId datasetId qualityProfileId strategyId strategySpec seed limit
  backend device error tags notes epochs epochsCompleted queuedAt startedAt finishedAt
  summary { finalValAccuracy bestValAccuracy finalValAccuracyClean finalCkaMean durationMs }`;

export const SOURCE_MODEL_FIELDS = `
  id name architecture blocks inputShape classNames datasetId status pretrainRunId createdAt`;

export interface RunView {
  id: string;
  kind: string;
  status: string;
  sourceModelId: string | null;
  datasetId: string;
  qualityProfileId: string | null;
  strategyId: string | null;
  strategySpec: Record<string, unknown>;
  seed: number;
  limit: number | null;
  backend: string | null;
  device: string | null;
  error: string | null;
  tags: string[];
  notes: string | null;
  epochs: number;
  epochsCompleted: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  summary: Record<string, number | null>;
  history?: { epoch: number; metrics: Record<string, number | string> }[];
}

export interface SourceModelView {
  id: string;
  name: string;
  architecture: string;
  blocks: string[];
  inputShape: number[];
  classNames: string[];
  datasetId: string | null;
  status: string;
  pretrainRunId: string | null;
  createdAt: string;
}

export const START_RUN = `mutation ($input: StartRunInput!) { startRun(input: $input) { ${RUN_FIELDS} } }`;
export const RUN_WITH_HISTORY = `query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} history { epoch metrics } } }`;
export const CANCEL_RUN = `mutation ($id: ID!) { cancelRun(id: $id) { ${RUN_FIELDS} } }`;
export const PRETRAIN = `mutation ($input: PretrainSourceModelInput!) {
  pretrainSourceModel(input: $input) { sourceModel { ${SOURCE_MODEL_FIELDS} } run { ${RUN_FIELDS} } }
}`;
export const IMPORT_MODEL = `mutation ($input: ImportSourceModelInput!) {
  importSourceModel(input: $input) { ${SOURCE_MODEL_FIELDS} }
}`;
export const SOURCE_MODEL = `query ($id: ID!) { sourceModel(id: $id) { ${SOURCE_MODEL_FIELDS} } }`;

/** The id of a built-in dataset, by name. */
export async function datasetId(client: GraphQLClient, name = DATASET_NAME): Promise<string> {
  const { datasets } = await client.ok<{ datasets: { id: string; name: string }[] }>(
    '{ datasets { id name } }',
  );
  const found = datasets.find((d) => d.name === name);
  if (!found) throw new Error(`no dataset ${name} among ${datasets.map((d) => d.name).join(', ')}`);
  return found.id;
}

/**
 * A TensorFlow.js LayersModel as `importSourceModel` takes it: built with the
 * trainer (a driftboard manifest inside), saved to a temporary folder, read back.
 * `withoutManifest` drops the manifest, like a model trained elsewhere.
 */
export async function modelUpload(
  options: {
    architecture?: ArchitectureName;
    inputShape?: number[];
    classNames?: string[];
    seed?: number;
    withoutManifest?: boolean;
  } = {},
): Promise<{ modelJson: Record<string, unknown>; weightsBase64: string; weightBytes: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-test-model-'));
  try {
    const { model, manifest } = buildModel({
      architecture: options.architecture ?? 'cnn-ref',
      inputShape: options.inputShape ?? [12, 12, 1],
      inputDtype: 'float32',
      classNames: options.classNames ?? ['0', '1', '2', '3'],
      seed: options.seed ?? 1,
    });
    await saveModel(dir, model, manifest);
    model.dispose();
    const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    if (options.withoutManifest) delete modelJson.userDefinedMetadata;
    const weights = await readFile(path.join(dir, 'weights.bin'));
    return { modelJson, weightsBase64: weights.toString('base64'), weightBytes: weights.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Imports a fresh tiny cnn-ref source model (READY at once, no training needed). */
export async function importTinyModel(
  client: GraphQLClient,
  name: string,
  seed = 1,
): Promise<SourceModelView> {
  const { modelJson, weightsBase64 } = await modelUpload({ seed });
  const data = await client.ok<{ importSourceModel: SourceModelView }>(IMPORT_MODEL, {
    input: { name, modelJson, weightsBase64 },
  });
  return data.importSourceModel;
}

/** Queues a PRETRAIN run of a tiny cnn-ref on synthetic-image; a worker must train it. */
export async function pretrainTinyModel(
  client: GraphQLClient,
  name: string,
  options: { epochs?: number; seed?: number } = {},
): Promise<{ sourceModel: SourceModelView; run: RunView }> {
  const data = await client.ok<{ pretrainSourceModel: { sourceModel: SourceModelView; run: RunView } }>(
    PRETRAIN,
    {
      input: {
        name,
        datasetId: await datasetId(client),
        architecture: 'cnn-ref',
        epochs: options.epochs ?? 2,
        limit: TINY_LIMIT,
        seed: options.seed ?? 0,
      },
    },
  );
  return data.pretrainSourceModel;
}

/** Polls a run over HTTP until `predicate` holds; returns it with its history. */
export async function waitForRun(
  client: GraphQLClient,
  runId: string,
  predicate: (run: RunView) => boolean,
  timeoutMs: number,
  diagnostics?: () => string,
): Promise<RunView> {
  let last: RunView | undefined;
  return waitFor(
    async () => {
      last = (await client.ok<{ run: RunView }>(RUN_WITH_HISTORY, { id: runId })).run;
      return predicate(last) ? last : undefined;
    },
    timeoutMs,
    {
      what: `run ${runId}`,
      intervalMs: 150,
      describe: () =>
        `${JSON.stringify({ status: last?.status, epochsCompleted: last?.epochsCompleted, error: last?.error })}` +
        (diagnostics ? `\nprocess output:\n${diagnostics()}` : ''),
    },
  );
}

export const isFinished = (run: RunView) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);

/** An epoch's metrics without the system/* ones (timings, throughput, backend), which differ run to run. */
export function modelMetrics(metrics: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(metrics).filter(([key]) => !key.startsWith('system/')));
}
