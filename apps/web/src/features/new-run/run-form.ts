import type { JsonObject, Run, StartRunInput } from '../../shared/graphql/api-types';

export const STRATEGY_KINDS = [
  'full',
  'last-k',
  'surgical',
  'linear-probe',
  'lp-ft',
  'gradual-unfreeze',
  'auto',
] as const;
export const LOSSES = ['ce', 'label-smoothing', 'gce', 'sce'] as const;

export const STRATEGY_HINTS: Record<string, string> = {
  full: 'Every block trains.',
  'last-k': 'The head and the k blocks below it train; the rest stay frozen.',
  surgical: 'Only the blocks you pick (and the head) train.',
  'linear-probe': 'Only the new head trains: the most similar to the source.',
  'lp-ft': 'Linear probe first, then full fine-tuning.',
  'gradual-unfreeze': 'Blocks unfreeze one per epoch, from the head down.',
  auto: 'The server picks from the profile’s label noise and sample size.',
};

/** The new-run form as typed. */
export interface RunFormValues {
  /** '' → the server's default (the token's only project). */
  projectId: string;
  sourceModelId: string;
  datasetId: string;
  /** '' → the clean dataset. */
  qualityProfileId: string;
  kind: string;
  k: string;
  blocks: string[];
  learningRate: string;
  loss: string;
  epochs: string;
  seed: string;
  /** '' → every training example. */
  limit: string;
  tags: string;
}

export const DEFAULT_RUN_FORM: RunFormValues = {
  projectId: '',
  sourceModelId: '',
  datasetId: '',
  qualityProfileId: '',
  kind: 'last-k',
  k: '1',
  blocks: [],
  learningRate: '0.001',
  loss: 'ce',
  epochs: '5',
  seed: '0',
  limit: '',
  tags: '',
};

const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The inline strategy: the kind and the fields that apply to it (the server fills in the rest). */
export function strategyOf(values: RunFormValues): JsonObject {
  const strategy: JsonObject = { kind: values.kind };
  if (values.kind === 'last-k') strategy.k = number(values.k) ?? 1;
  if (values.kind === 'surgical') strategy.blocks = values.blocks;
  const learningRate = number(values.learningRate);
  if (learningRate !== undefined) strategy.learningRate = learningRate;
  strategy.loss = values.loss;
  const epochs = number(values.epochs);
  if (epochs !== undefined) strategy.epochs = epochs;
  return strategy;
}

/** `startRun`'s input. */
export function startRunInput(values: RunFormValues): StartRunInput {
  return {
    sourceModelId: values.sourceModelId,
    datasetId: values.datasetId,
    qualityProfileId: values.qualityProfileId || null,
    strategy: strategyOf(values),
    seed: number(values.seed) ?? 0,
    limit: number(values.limit) ?? null,
    tags: values.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    ...(values.projectId ? { projectId: values.projectId } : {}),
  };
}

/** The form filled in as a previous run ran ("Run again"). */
export function valuesFromRun(run: Run): RunFormValues {
  const spec = run.strategySpec;
  return {
    projectId: '',
    sourceModelId: run.sourceModelId ?? '',
    datasetId: run.datasetId,
    qualityProfileId: run.qualityProfileId ?? '',
    kind: String(spec.kind ?? 'full'),
    k: String(spec.k ?? 1),
    blocks: Array.isArray(spec.blocks) ? spec.blocks.map(String) : [],
    learningRate: String(spec.learningRate ?? DEFAULT_RUN_FORM.learningRate),
    loss: String(spec.loss ?? 'ce'),
    epochs: String(spec.epochs ?? run.epochs),
    seed: String(run.seed),
    limit: run.limit == null ? '' : String(run.limit),
    tags: run.tags.join(', '),
  };
}

/** The recommended strategy's fields the form has, applied over the current values. */
export function applyRecommendation(values: RunFormValues, spec: JsonObject): RunFormValues {
  return {
    ...values,
    kind: String(spec.kind ?? values.kind),
    k: spec.k === undefined ? values.k : String(spec.k),
    blocks: Array.isArray(spec.blocks) ? spec.blocks.map(String) : values.blocks,
    learningRate: spec.learningRate === undefined ? values.learningRate : String(spec.learningRate),
    loss: spec.loss === undefined ? values.loss : String(spec.loss),
  };
}

const FIELD_WORDS: [RegExp, keyof RunFormValues][] = [
  [/\bprojectId\b/, 'projectId'],
  [/\bsourceModelId\b|source model/i, 'sourceModelId'],
  [/\bqualityProfileId\b|quality profile/i, 'qualityProfileId'],
  [/\bdatasetId\b|\bdataset\b/i, 'datasetId'],
  [/\blearningRate\b/, 'learningRate'],
  [/\bepochs\b/, 'epochs'],
  [/\bblocks?\b/, 'blocks'],
  [/"k"|\bk\b/, 'k'],
  [/\bloss\b/, 'loss'],
  [/\blimit\b/, 'limit'],
  [/\bseed\b/, 'seed'],
  [/\btags?\b/, 'tags'],
];

/** Which form field a server validation message is about, to show it next to that field. */
export function fieldOfError(message: string): keyof RunFormValues | null {
  return FIELD_WORDS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}
