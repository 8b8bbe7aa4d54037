import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from './support/database.js';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  CANCEL_RUN,
  IMPORT_MODEL,
  PRETRAIN,
  SOURCE_MODEL,
  START_RUN,
  TINY_LIMIT,
  datasetId,
  importTinyModel,
  modelUpload,
  pretrainTinyModel,
  type RunView,
  type SourceModelView,
} from './support/fixtures.js';
import { expectNoInternals } from './support/graphql-client.js';

const UNKNOWN_ID = '6d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const CREATE_PROFILE = `mutation ($input: CreateQualityProfileInput!) { createQualityProfile(input: $input) { id } }`;
const CREATE_PROJECT = `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const CREATE_TOKEN = `mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`;
const CREATE_STRATEGY = `mutation ($input: CreateStrategyInput!) { createStrategy(input: $input) { id } }`;
const TAG_RUN = `mutation ($id: ID!, $tags: [String!]!) { tagRun(id: $id, tags: $tags) { id tags } }`;
const CREATE_ALERT_RULE = `mutation ($input: CreateAlertRuleInput!) { createAlertRule(input: $input) { id } }`;
const UPDATE_ALERT_RULE = `mutation ($id: ID!, $input: UpdateAlertRuleInput!) {
  updateAlertRule(id: $id, input: $input) { id }
}`;
const byId = (operation: string) => `mutation ($id: ID!) { ${operation}(id: $id) { id } }`;
const queryById = (operation: string) => `query ($id: ID!) { ${operation}(id: $id) { id } }`;

/** What each case sends, built once the fixtures exist. */
interface Case {
  what: string;
  query: string;
  variables: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  code: string;
  message: RegExp;
}

/** Ids and uploads the cases refer to, made in beforeAll (no worker runs in this file). */
const f = {
  syntheticId: '',
  mnistId: '',
  ready: undefined as unknown as SourceModelView,
  mnistShaped: undefined as unknown as SourceModelView,
  pretraining: undefined as unknown as SourceModelView,
  strategyId: '',
  profileId: '',
  mnistProfileId: '',
  queuedRunId: '',
  cancelledRunId: '',
  alertRuleId: '',
  upload: undefined as unknown as Awaited<ReturnType<typeof modelUpload>>,
};

const runInput = (overrides: Record<string, unknown> = {}) => ({
  input: {
    sourceModelId: f.ready.id,
    datasetId: f.syntheticId,
    strategy: { kind: 'last-k', k: 1, epochs: 2 },
    limit: TINY_LIMIT,
    ...overrides,
  },
});
const pretrainInput = (overrides: Record<string, unknown> = {}) => ({
  input: { name: 'new model', datasetId: f.syntheticId, architecture: 'cnn-ref', epochs: 1, ...overrides },
});
const importInput = (overrides: Record<string, unknown> = {}) => ({
  input: {
    name: 'new import',
    modelJson: f.upload.modelJson,
    weightsBase64: f.upload.weightsBase64,
    ...overrides,
  },
});
/** A valid THRESHOLD rule, to spoil one field at a time. */
const alertInput = (overrides: Record<string, unknown> = {}) => ({
  input: {
    name: 'cka rule',
    kind: 'THRESHOLD',
    metric: 'similarity/cka_mean',
    comparator: 'LT',
    value: 0.8,
    webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX',
    ...overrides,
  },
});
interface Topology {
  config: { layers: { name: string; config: Record<string, unknown> }[] };
}
/** The uploaded model.json with its layers edited and no driftboard manifest (a model made elsewhere). */
const withTopology = (edit: (topology: Topology) => void) => {
  const modelJson = structuredClone(f.upload.modelJson) as Record<string, unknown> & {
    modelTopology: Topology;
  };
  edit(modelJson.modelTopology);
  delete modelJson.userDefinedMetadata;
  return modelJson;
};

const CASES: Record<string, Case[]> = {
  createQualityProfile: [
    {
      what: 'an empty name',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: '', datasetId: f.syntheticId, spec: {} } }),
      code: 'BAD_USER_INPUT',
      message: /name must be longer than or equal to 1 characters/,
    },
    {
      what: 'a name with a slash',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: 'a/b', datasetId: f.syntheticId, spec: {} } }),
      code: 'BAD_USER_INPUT',
      message: /name must start with a letter or digit and use only letters, digits, spaces/,
    },
    {
      what: 'a datasetId that is not an id',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: 'p', datasetId: 'mnist', spec: {} } }),
      code: 'BAD_USER_INPUT',
      message: /datasetId must be a dataset id/,
    },
    {
      what: 'an unknown dataset',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: 'p', datasetId: UNKNOWN_ID, spec: {} } }),
      code: 'BAD_USER_INPUT',
      message: new RegExp(`no dataset with id ${UNKNOWN_ID}`),
    },
    {
      what: 'a corruption for another modality (typos on an image dataset)',
      query: CREATE_PROFILE,
      variables: () => ({
        input: { name: 'p', datasetId: f.syntheticId, spec: { corruption: { kind: 'typos', rate: 0.1 } } },
      }),
      code: 'BAD_USER_INPUT',
      message: /typos/,
    },
    {
      what: 'a label-noise rate above 1',
      query: CREATE_PROFILE,
      variables: () => ({
        input: { name: 'p', datasetId: f.syntheticId, spec: { labelNoise: { rate: 1.5 } } },
      }),
      code: 'BAD_USER_INPUT',
      message: /"labelNoise\.rate" must be a number in \[0, 1\); got 1\.5/,
    },
    {
      what: 'a corruption severity of 7',
      query: CREATE_PROFILE,
      variables: () => ({
        input: {
          name: 'p',
          datasetId: f.syntheticId,
          spec: { corruption: { kind: 'gaussian-blur', severity: 7 } },
        },
      }),
      code: 'BAD_USER_INPUT',
      message: /"corruption\.severity" must be a whole number from 1 to 5; got 7/,
    },
    {
      what: 'an unknown spec field',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: 'p', datasetId: f.syntheticId, spec: { blur: 3 } } }),
      code: 'BAD_USER_INPUT',
      message: /unknown quality field "blur"/,
    },
    {
      what: 'a spec that is not an object',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: 'p', datasetId: f.syntheticId, spec: [0.2] } }),
      code: 'BAD_USER_INPUT',
      message: /spec/,
    },
    {
      what: 'a name already taken',
      query: CREATE_PROFILE,
      variables: () => ({ input: { name: 'taken profile', datasetId: f.syntheticId, spec: {} } }),
      code: 'CONFLICT',
      message: /a quality profile named "taken profile" already exists/,
    },
  ],
  deleteQualityProfile: [
    {
      what: 'an unknown id',
      query: byId('deleteQualityProfile'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: /no quality profile with id/,
    },
    {
      what: 'an id that is not an id',
      query: byId('deleteQualityProfile'),
      variables: () => ({ id: 'noisy' }),
      code: 'NOT_FOUND',
      message: /no quality profile with id noisy/,
    },
  ],
  createStrategy: [
    {
      what: 'a name with only spaces',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: '   ', spec: { kind: 'full' } } }),
      code: 'BAD_USER_INPUT',
      message: /name must start with a letter or digit/,
    },
    {
      what: 'an unknown kind',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { kind: 'freeze-most' } } }),
      code: 'BAD_USER_INPUT',
      message: /"kind" must be one of full, last-k, .*; got "freeze-most"/,
    },
    {
      what: 'no kind',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { epochs: 3 } } }),
      code: 'BAD_USER_INPUT',
      message: /"kind" must be one of .*; got nothing/,
    },
    {
      what: 'a negative learning rate',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { kind: 'full', learningRate: -0.01 } } }),
      code: 'BAD_USER_INPUT',
      message: /"learningRate" must be a number greater than 0; got -0\.01/,
    },
    {
      what: 'zero epochs',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { kind: 'full', epochs: 0 } } }),
      code: 'BAD_USER_INPUT',
      message: /"epochs"/,
    },
    {
      what: 'a dropout of 1.5',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { kind: 'full', dropout: 1.5 } } }),
      code: 'BAD_USER_INPUT',
      message: /"dropout"/,
    },
    {
      what: 'surgical without blocks',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { kind: 'surgical' } } }),
      code: 'BAD_USER_INPUT',
      message: /"surgical" needs "blocks"/,
    },
    {
      what: 'an unknown field',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 's', spec: { kind: 'full', lr: 0.1 } } }),
      code: 'BAD_USER_INPUT',
      message: /unknown strategy field "lr"/,
    },
    {
      what: 'a name already taken',
      query: CREATE_STRATEGY,
      variables: () => ({ input: { name: 'taken strategy', spec: { kind: 'full' } } }),
      code: 'CONFLICT',
      message: /a strategy named "taken strategy" already exists/,
    },
  ],
  deleteStrategy: [
    {
      what: 'an unknown id',
      query: byId('deleteStrategy'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: /no strategy with id/,
    },
  ],
  deleteDataset: [
    {
      what: 'a built-in dataset',
      query: byId('deleteDataset'),
      variables: () => ({ id: f.mnistId }),
      code: 'BAD_USER_INPUT',
      message: /"mnist" is built in and cannot be deleted/,
    },
    {
      what: 'an unknown id',
      query: byId('deleteDataset'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: /no dataset with id/,
    },
    {
      what: 'a dataset name instead of its id',
      query: byId('deleteDataset'),
      variables: () => ({ id: 'mnist' }),
      code: 'NOT_FOUND',
      message: /no dataset with id mnist/,
    },
  ],
  pretrainSourceModel: [
    {
      what: 'a name with a newline',
      query: PRETRAIN,
      variables: () => pretrainInput({ name: 'two\nlines' }),
      code: 'BAD_USER_INPUT',
      message: /name must start with a letter or digit/,
    },
    {
      what: 'an unknown architecture',
      query: PRETRAIN,
      variables: () => pretrainInput({ architecture: 'resnet50' }),
      code: 'BAD_USER_INPUT',
      message: /architecture must be one of cnn, cnn-ref, text, lstm/,
    },
    {
      what: 'a text architecture for an image dataset',
      query: PRETRAIN,
      variables: () => pretrainInput({ architecture: 'text' }),
      code: 'BAD_USER_INPUT',
      message: /architecture "text" does not fit dataset "synthetic-image"/,
    },
    {
      what: 'an lstm architecture for an image dataset',
      query: PRETRAIN,
      variables: () => pretrainInput({ architecture: 'lstm' }),
      code: 'BAD_USER_INPUT',
      message: /architecture "lstm" does not fit dataset "synthetic-image"/,
    },
    {
      what: 'zero epochs',
      query: PRETRAIN,
      variables: () => pretrainInput({ epochs: 0 }),
      code: 'BAD_USER_INPUT',
      message: /epochs must not be less than 1/,
    },
    {
      what: 'limit 0',
      query: PRETRAIN,
      variables: () => pretrainInput({ limit: 0 }),
      code: 'BAD_USER_INPUT',
      message: /limit must not be less than 1/,
    },
    {
      what: 'a negative seed',
      query: PRETRAIN,
      variables: () => pretrainInput({ seed: -1 }),
      code: 'BAD_USER_INPUT',
      message: /seed must not be less than 0/,
    },
    {
      what: 'an unknown dataset',
      query: PRETRAIN,
      variables: () => pretrainInput({ datasetId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: /no dataset with id/,
    },
    {
      what: 'a name already taken',
      query: PRETRAIN,
      variables: () => pretrainInput({ name: 'ready model' }),
      code: 'CONFLICT',
      message: /a source model named "ready model" already exists/,
    },
  ],
  importSourceModel: [
    {
      what: 'an empty name',
      query: IMPORT_MODEL,
      variables: () => importInput({ name: '' }),
      code: 'BAD_USER_INPUT',
      message: /name must be longer than or equal to 1 characters/,
    },
    {
      what: 'a model.json without modelTopology',
      query: IMPORT_MODEL,
      variables: () => importInput({ modelJson: { weightsManifest: f.upload.modelJson.weightsManifest } }),
      code: 'BAD_USER_INPUT',
      message: /modelJson must be a LayersModel model\.json with "modelTopology" and "weightsManifest"/,
    },
    {
      what: 'a model.json without weightsManifest',
      query: IMPORT_MODEL,
      variables: () => importInput({ modelJson: { modelTopology: f.upload.modelJson.modelTopology } }),
      code: 'BAD_USER_INPUT',
      message: /"weightsManifest"/,
    },
    {
      what: 'truncated weights',
      query: IMPORT_MODEL,
      variables: () => importInput({ weightsBase64: f.upload.weightsBase64.slice(0, 400) }),
      code: 'BAD_USER_INPUT',
      message: /hold 300 bytes but model\.json describes \d+/,
    },
    {
      what: 'weights that are not base64',
      query: IMPORT_MODEL,
      variables: () => importInput({ weightsBase64: '%%% not base64 %%%' }),
      code: 'BAD_USER_INPUT',
      message: /weightsBase64 is not base64/,
    },
    {
      what: 'no weights',
      query: IMPORT_MODEL,
      variables: () => importInput({ weightsBase64: '' }),
      code: 'BAD_USER_INPUT',
      message: /weightsBase64/,
    },
    {
      what: 'a graph model',
      query: IMPORT_MODEL,
      variables: () => importInput({ modelJson: { ...f.upload.modelJson, format: 'graph-model' } }),
      code: 'BAD_USER_INPUT',
      message: /graph model; only LayersModels/,
    },
    {
      what: 'a head without softmax',
      query: IMPORT_MODEL,
      variables: () =>
        importInput({
          modelJson: withTopology((topology) => {
            topology.config.layers.find((l) => l.name === 'head')!.config.activation = 'linear';
          }),
        }),
      code: 'BAD_USER_INPUT',
      message: /softmax/,
    },
    {
      what: 'a topology tfjs cannot read',
      query: IMPORT_MODEL,
      variables: () =>
        importInput({ modelJson: { ...f.upload.modelJson, modelTopology: { class_name: 'Nonsense' } } }),
      code: 'BAD_USER_INPUT',
      message: /cannot be imported/,
    },
    {
      what: 'a name already taken',
      query: IMPORT_MODEL,
      variables: () => importInput({ name: 'ready model' }),
      code: 'CONFLICT',
      message: /a source model named "ready model" already exists/,
    },
  ],
  deleteSourceModel: [
    {
      what: 'an unknown id',
      query: byId('deleteSourceModel'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: /no source model with id/,
    },
    {
      what: 'a model being pretrained',
      query: byId('deleteSourceModel'),
      variables: () => ({ id: f.pretraining.id }),
      code: 'CONFLICT',
      message: /"pretraining model" is being pretrained; cancel its run first/,
    },
  ],
  startRun: [
    {
      what: 'a project that does not exist',
      query: START_RUN,
      variables: () => runInput({ projectId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: new RegExp(`projectId: no project with id ${UNKNOWN_ID}`),
    },
    {
      what: 'an unknown source model',
      query: START_RUN,
      variables: () => runInput({ sourceModelId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: new RegExp(`sourceModelId: no source model with id ${UNKNOWN_ID}`),
    },
    {
      what: 'a sourceModelId that is not an id',
      query: START_RUN,
      variables: () => runInput({ sourceModelId: 'ready model' }),
      code: 'BAD_USER_INPUT',
      message: /sourceModelId must be a source model id/,
    },
    {
      what: 'an unknown dataset',
      query: START_RUN,
      variables: () => runInput({ datasetId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: /datasetId: no dataset with id/,
    },
    {
      what: 'a source model still being pretrained',
      query: START_RUN,
      variables: () => runInput({ sourceModelId: f.pretraining.id }),
      code: 'BAD_USER_INPUT',
      message: /"pretraining model" is PRETRAINING; only READY models can be fine-tuned/,
    },
    {
      what: 'a dataset of another input shape than the model',
      query: START_RUN,
      variables: () => runInput({ sourceModelId: f.mnistShaped.id }),
      code: 'BAD_USER_INPUT',
      message: /takes inputs of shape \[28,28,1\] but dataset "synthetic-image" has \[12,12,1\]/,
    },
    {
      what: 'limit 0',
      query: START_RUN,
      variables: () => runInput({ limit: 0 }),
      code: 'BAD_USER_INPUT',
      message: /limit must not be less than 1/,
    },
    {
      what: 'a negative seed',
      query: START_RUN,
      variables: () => runInput({ seed: -3 }),
      code: 'BAD_USER_INPUT',
      message: /seed must not be less than 0/,
    },
    {
      what: 'an unknown strategy kind',
      query: START_RUN,
      variables: () => runInput({ strategy: { kind: 'freeze-all' } }),
      code: 'BAD_USER_INPUT',
      message: /strategy: "kind" must be one of .*; got "freeze-all"/,
    },
    {
      what: 'a negative learning rate',
      query: START_RUN,
      variables: () => runInput({ strategy: { kind: 'full', learningRate: -1 } }),
      code: 'BAD_USER_INPUT',
      message: /strategy: "learningRate" must be a number greater than 0; got -1/,
    },
    {
      what: 'surgical blocks the source model lacks',
      query: START_RUN,
      variables: () => runInput({ strategy: { kind: 'surgical', blocks: ['conv1', 'conv9'] } }),
      code: 'BAD_USER_INPUT',
      message: /no block "conv9"; its blocks are conv1, conv2, dense, head/,
    },
    {
      what: 'last-k deeper than the model',
      query: START_RUN,
      variables: () => runInput({ strategy: { kind: 'last-k', k: 9 } }),
      code: 'BAD_USER_INPUT',
      message: /"k" is 9 but the model has only 3 blocks below the head/,
    },
    {
      what: 'both a saved and an inline strategy',
      query: START_RUN,
      variables: () => runInput({ strategyId: f.strategyId }),
      code: 'BAD_USER_INPUT',
      message: /either strategyId or an inline strategy, not both/,
    },
    {
      what: 'no strategy at all',
      query: START_RUN,
      variables: () => runInput({ strategy: null }),
      code: 'BAD_USER_INPUT',
      message: /a run needs a strategy/,
    },
    {
      what: 'an unknown saved strategy',
      query: START_RUN,
      variables: () => runInput({ strategy: null, strategyId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: /strategyId: no strategy with id/,
    },
    {
      what: 'an unknown quality profile',
      query: START_RUN,
      variables: () => runInput({ qualityProfileId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: /qualityProfileId: no quality profile with id/,
    },
    {
      what: "another dataset's quality profile",
      query: START_RUN,
      variables: () => runInput({ qualityProfileId: f.mnistProfileId }),
      code: 'BAD_USER_INPUT',
      message: /quality profile "mnist profile" degrades another dataset than "synthetic-image"/,
    },
    {
      what: 'a tag longer than 50 characters',
      query: START_RUN,
      variables: () => runInput({ tags: ['x'.repeat(51)] }),
      code: 'BAD_USER_INPUT',
      message: /tags must be .*shorter than or equal to 50 characters/,
    },
    {
      what: '21 tags',
      query: START_RUN,
      variables: () => runInput({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
      code: 'BAD_USER_INPUT',
      message: /tags must contain no more than 20 elements/,
    },
  ],
  cancelRun: [
    {
      what: 'an unknown run',
      query: CANCEL_RUN,
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: new RegExp(`no run with id ${UNKNOWN_ID}`),
    },
    {
      what: 'an id that is not an id',
      query: CANCEL_RUN,
      variables: () => ({ id: 'latest' }),
      code: 'NOT_FOUND',
      message: /no run with id latest/,
    },
    {
      what: 'a run already cancelled',
      query: CANCEL_RUN,
      variables: () => ({ id: f.cancelledRunId }),
      code: 'CONFLICT',
      message: /is already CANCELLED; only QUEUED or RUNNING runs can be cancelled/,
    },
  ],
  tagRun: [
    {
      what: 'an unknown run',
      query: TAG_RUN,
      variables: () => ({ id: UNKNOWN_ID, tags: ['a'] }),
      code: 'NOT_FOUND',
      message: /no run with id/,
    },
    {
      what: 'a tag longer than 50 characters',
      query: TAG_RUN,
      variables: () => ({ id: f.queuedRunId, tags: ['ok', 'y'.repeat(80)] }),
      code: 'BAD_USER_INPUT',
      message: /at most 50 characters; "y+…" has 80/,
    },
    {
      what: '21 tags',
      query: TAG_RUN,
      variables: () => ({ id: f.queuedRunId, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
      code: 'BAD_USER_INPUT',
      message: /tags: at most 20, got 21/,
    },
  ],
  createProject: [
    {
      what: 'a name that is taken',
      query: CREATE_PROJECT,
      variables: () => ({ input: { name: 'default' } }),
      code: 'CONFLICT',
      message: /a project named "default" already exists/,
    },
    {
      what: 'an empty name',
      query: CREATE_PROJECT,
      variables: () => ({ input: { name: '' } }),
      code: 'BAD_USER_INPUT',
      message: /name must be longer than or equal to 1 characters/,
    },
  ],
  createApiToken: [
    {
      what: 'a viewer token without projects',
      query: CREATE_TOKEN,
      variables: () => ({ input: { name: 'notebooks', role: 'VIEWER' } }),
      code: 'BAD_USER_INPUT',
      message: /a VIEWER token needs at least one project/,
    },
    {
      what: 'an unknown project',
      query: CREATE_TOKEN,
      variables: () => ({ input: { name: 'notebooks', role: 'EDITOR', projectIds: [UNKNOWN_ID] } }),
      code: 'BAD_USER_INPUT',
      message: new RegExp(`projectIds: no project with id ${UNKNOWN_ID}`),
    },
    {
      what: 'a role that does not exist',
      query: CREATE_TOKEN,
      variables: () => ({ input: { name: 'notebooks', role: 'OWNER' } }),
      code: 'BAD_USER_INPUT',
      message: /Value "OWNER" does not exist in "Role" enum/,
    },
  ],
  revokeApiToken: [
    {
      what: 'an unknown token',
      query: byId('revokeApiToken'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: new RegExp(`no API token with id ${UNKNOWN_ID}`),
    },
  ],
  createAlertRule: [
    {
      what: 'a comparator that does not exist',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ comparator: 'EQ' }),
      code: 'BAD_USER_INPUT',
      message: /Value "EQ" does not exist in "AlertComparator" enum/,
    },
    {
      what: 'a metric that is not a metric key',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ metric: 'accuracy' }),
      code: 'BAD_USER_INPUT',
      message: /metric: a metric key is train\/…, val\/…, similarity\/… or system\/… .*got "accuracy"/,
    },
    {
      what: 'a THRESHOLD rule without a value',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ value: null }),
      code: 'BAD_USER_INPUT',
      message: /a THRESHOLD rule needs metric, comparator, value; missing value/,
    },
    {
      what: 'a STATUS rule with a metric',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ kind: 'STATUS', statuses: ['FAILED'], comparator: null, value: null }),
      code: 'BAD_USER_INPUT',
      message: /a STATUS rule takes only statuses; remove metric/,
    },
    {
      what: 'a STATUS rule on QUEUED',
      query: CREATE_ALERT_RULE,
      variables: () =>
        alertInput({ kind: 'STATUS', statuses: ['QUEUED'], metric: null, comparator: null, value: null }),
      code: 'BAD_USER_INPUT',
      message: /statuses: runs start QUEUED, so a rule cannot fire on QUEUED; use RUNNING, SUCCEEDED/,
    },
    {
      what: 'a DECLINE rule over 1 epoch',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ kind: 'DECLINE', epochs: 1, comparator: null, value: null }),
      code: 'BAD_USER_INPUT',
      message: /epochs: a DECLINE rule fires after 2 to 100 falling epochs in a row; got 1/,
    },
    {
      what: 'a webhook that is not https',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ webhookUrl: 'http://hooks.slack.com/services/T0/B0/secret' }),
      code: 'BAD_USER_INPUT',
      message: /webhookUrl must be an https URL, got http/,
    },
    {
      what: 'a local http webhook while the server does not allow them',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ webhookUrl: 'http://127.0.0.1:9/hook' }),
      code: 'BAD_USER_INPUT',
      message: /allowed only when the server runs with DRIFTBOARD_ALLOW_HTTP_WEBHOOKS=1/,
    },
    {
      what: 'a webhook that is not a URL',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ webhookUrl: 'hooks.slack.com/services/T0/B0/secret' }),
      code: 'BAD_USER_INPUT',
      message: /webhookUrl is not a URL/,
    },
    {
      what: 'a project that does not exist',
      query: CREATE_ALERT_RULE,
      variables: () => alertInput({ projectId: UNKNOWN_ID }),
      code: 'BAD_USER_INPUT',
      message: new RegExp(`projectId: no project with id ${UNKNOWN_ID}`),
    },
  ],
  updateAlertRule: [
    {
      what: 'an unknown rule',
      query: UPDATE_ALERT_RULE,
      variables: () => ({ id: UNKNOWN_ID, input: { enabled: false } }),
      code: 'NOT_FOUND',
      message: new RegExp(`no alert rule with id ${UNKNOWN_ID}`),
    },
    {
      what: 'a switch to DECLINE without epochs',
      query: UPDATE_ALERT_RULE,
      variables: () => ({ id: f.alertRuleId, input: { kind: 'DECLINE' } }),
      code: 'BAD_USER_INPUT',
      message: /a DECLINE rule needs metric, epochs; missing metric, epochs/,
    },
    {
      what: 'a webhook that is not https',
      query: UPDATE_ALERT_RULE,
      variables: () => ({ id: f.alertRuleId, input: { webhookUrl: 'ftp://example.com/hook' } }),
      code: 'BAD_USER_INPUT',
      message: /webhookUrl must be an https URL, got ftp/,
    },
  ],
  deleteAlertRule: [
    {
      what: 'an unknown rule',
      query: byId('deleteAlertRule'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: new RegExp(`no alert rule with id ${UNKNOWN_ID}`),
    },
    {
      what: 'an id that is not an id',
      query: byId('deleteAlertRule'),
      variables: () => ({ id: 'cka rule' }),
      code: 'NOT_FOUND',
      message: /no alert rule with id cka rule/,
    },
  ],
  testAlertRule: [
    {
      what: 'an unknown rule',
      query: byId('testAlertRule'),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: new RegExp(`no alert rule with id ${UNKNOWN_ID}`),
    },
  ],
};

/** Queries by id that find nothing: NOT_FOUND (a malformed id names no row either). */
const LOOKUPS: Case[] = ['dataset', 'qualityProfile', 'strategy', 'sourceModel', 'run'].flatMap(
  (operation) => [
    {
      what: `${operation}(id) of an unknown id`,
      query: queryById(operation),
      variables: () => ({ id: UNKNOWN_ID }),
      code: 'NOT_FOUND',
      message: new RegExp(`no .* with id ${UNKNOWN_ID}`),
    },
    {
      what: `${operation}(id) of a malformed id`,
      query: queryById(operation),
      variables: () => ({ id: '1 OR 1=1' }),
      code: 'NOT_FOUND',
      message: /no .* with id 1 OR 1=1/,
    },
  ],
);

/** Requests GraphQL itself rejects before any resolver runs. */
const MALFORMED_REQUESTS: Case[] = [
  {
    what: 'a missing required argument',
    query: 'mutation { cancelRun { id } }',
    variables: () => ({}),
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /argument "id" of type "ID!" is required/,
  },
  {
    what: 'a variable of the wrong type',
    query: START_RUN,
    variables: () => runInput({ limit: 'many' }),
    code: 'BAD_USER_INPUT',
    message: /Int cannot represent non-integer value: "many"/,
  },
  {
    what: 'an unknown input field',
    query: START_RUN,
    variables: () => runInput({ learningRate: 0.1 }),
    code: 'BAD_USER_INPUT',
    message: /Field "learningRate" is not defined by type "StartRunInput"/,
  },
  {
    what: 'a syntax error',
    query: 'mutation { startRun(input: { ',
    variables: () => ({}),
    code: 'GRAPHQL_PARSE_FAILED',
    message: /Syntax Error/,
  },
];

describe('invalid input is refused with a code and a message that names the problem, and writes nothing', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startEnvironment();
    const { client } = env;
    f.syntheticId = await datasetId(client);
    f.mnistId = await datasetId(client, 'mnist');
    f.upload = await modelUpload();
    f.ready = await importTinyModel(client, 'ready model');
    const mnistShaped = await modelUpload({ inputShape: [28, 28, 1], classNames: [...'0123456789'] });
    f.mnistShaped = (
      await client.ok<{ importSourceModel: SourceModelView }>(IMPORT_MODEL, {
        input: {
          name: 'mnist-shaped model',
          modelJson: mnistShaped.modelJson,
          weightsBase64: mnistShaped.weightsBase64,
        },
      })
    ).importSourceModel;
    // No worker runs in this file, so this model stays PRETRAINING.
    f.pretraining = (await pretrainTinyModel(client, 'pretraining model')).sourceModel;
    f.strategyId = (
      await client.ok<{ createStrategy: { id: string } }>(CREATE_STRATEGY, {
        input: { name: 'taken strategy', spec: { kind: 'full' } },
      })
    ).createStrategy.id;
    const profile = async (name: string, datasetId: string) =>
      (
        await client.ok<{ createQualityProfile: { id: string } }>(CREATE_PROFILE, {
          input: { name, datasetId, spec: { labelNoise: { rate: 0.1 } } },
        })
      ).createQualityProfile.id;
    f.profileId = await profile('taken profile', f.syntheticId);
    f.mnistProfileId = await profile('mnist profile', f.mnistId);
    f.queuedRunId = (await client.ok<{ startRun: RunView }>(START_RUN, runInput())).startRun.id;
    f.cancelledRunId = (await client.ok<{ startRun: RunView }>(START_RUN, runInput())).startRun.id;
    await client.ok(CANCEL_RUN, { id: f.cancelledRunId });
    f.alertRuleId = (
      await client.ok<{ createAlertRule: { id: string } }>(CREATE_ALERT_RULE, alertInput())
    ).createAlertRule.id;
  });

  afterAll(async () => {
    await env?.close();
  });

  const cases = [
    ...Object.entries(CASES).flatMap(([mutation, list]) =>
      list.map((c) => ({ ...c, what: `${mutation}: ${c.what}` })),
    ),
    ...LOOKUPS,
    ...MALFORMED_REQUESTS,
  ];

  for (const { what, query, variables, code, message } of cases) {
    it(`${what} → ${code}`, async () => {
      const { pool } = env.deployment.database;
      const modelsDir = path.join(env.deployment.dataDir, 'models');
      const before = { rows: await tableCounts(pool), files: await readdir(modelsDir) };

      const error = await env.client.fails(query, await variables(), code, message);

      expectNoInternals(env.client.responses.at(-1)!);
      expect(error.message.length).toBeLessThan(500);
      expect({ rows: await tableCounts(pool), files: await readdir(modelsDir) }).toEqual(before);
    });
  }

  it('the fixtures this file relies on are what the cases assume', async () => {
    const { sourceModel } = await env.client.ok<{ sourceModel: SourceModelView }>(SOURCE_MODEL, {
      id: f.pretraining.id,
    });
    expect(sourceModel.status).toBe('PRETRAINING');
    expect(f.ready.blocks).toEqual(['conv1', 'conv2', 'dense', 'head']);
  });

  it('covers every mutation of the API', async () => {
    const { __schema } = await env.client.ok<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
      '{ __schema { mutationType { fields { name } } } }',
    );
    const covered = new Set(Object.keys(CASES));
    const missing = __schema.mutationType.fields.map((m) => m.name).filter((name) => !covered.has(name));
    // Sweeps are being added (with their own specs) as this is written; every other mutation has cases here.
    expect(missing.filter((name) => !/sweep/i.test(name))).toEqual([]);
  });
});
