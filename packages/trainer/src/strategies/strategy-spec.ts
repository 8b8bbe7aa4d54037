/**
 * A fine-tuning strategy as one JSON object. Only `kind` is required; every
 * other field has the default documented here, so `{"kind":"full"}` is a
 * complete strategy.
 */
export const STRATEGY_KINDS = [
  'full',
  'last-k',
  'surgical',
  'linear-probe',
  'lp-ft',
  'gradual-unfreeze',
  'auto',
] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

export const OPTIMIZERS = ['adam', 'adamw', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = ['ce', 'label-smoothing', 'gce', 'sce'] as const;
export type LossName = (typeof LOSSES)[number];

export const EARLY_STOPPING_METRICS = ['val/loss', 'val/accuracy'] as const;

export interface EarlyStoppingSpec {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Default `val/loss` (lower is better); `val/accuracy` is higher-is-better. */
  metric: (typeof EARLY_STOPPING_METRICS)[number];
  /** The smallest change that counts as an improvement (default 0). */
  minDelta: number;
}

export interface StrategySpec {
  kind: StrategyKind;
  /** `last-k`: how many blocks below the head are tuned (default 1). The head always trains. */
  k: number;
  /** `surgical`: the names of the blocks to tune (the head always trains). */
  blocks: string[];
  /** `lp-ft`: epochs of linear probing before full fine-tuning (default: a third of `epochs`, at least 1). */
  probeEpochs?: number;
  /** Default `adam`. */
  optimizer: OptimizerName;
  /** Base learning rate, of the head (default 1e-3). */
  learningRate: number;
  /**
   * Discriminative fine-tuning: each block below the head learns `layerDecay`
   * times slower than the one above it (ULMFiT uses 2.6). Default 1: one rate.
   */
  layerDecay: number;
  /** L2 weight decay; decoupled from the gradient for `adamw` (default 0). */
  weightDecay: number;
  /** SGD momentum (default 0.9). */
  momentum: number;
  /** Dropout rate on the head's input during training (default 0). */
  dropout: number;
  /** L2-SP: `alpha` pulls tuned layers toward the source weights, `beta` shrinks the new head (default 0, 0). */
  l2sp: { alpha: number; beta: number };
  /** Default `ce`. */
  loss: LossName;
  /** `label-smoothing`: ε (default 0.1). */
  labelSmoothing: number;
  /** `gce`: q in (0, 1] (default 0.7). */
  gceQ: number;
  /** `sce`: α·CE + β·reverse CE (default 0.1 and 1.0). */
  sceAlpha: number;
  sceBeta: number;
  /** Default 5. */
  epochs: number;
  /** Default 64. */
  batchSize: number;
  /** Off unless given. */
  earlyStopping?: EarlyStoppingSpec;
}

export const DEFAULT_STRATEGY: Omit<StrategySpec, 'kind'> = {
  k: 1,
  blocks: [],
  optimizer: 'adam',
  learningRate: 1e-3,
  layerDecay: 1,
  weightDecay: 0,
  momentum: 0.9,
  dropout: 0,
  l2sp: { alpha: 0, beta: 0 },
  loss: 'ce',
  labelSmoothing: 0.1,
  gceQ: 0.7,
  sceAlpha: 0.1,
  sceBeta: 1.0,
  epochs: 5,
  batchSize: 64,
};

/** Thrown for a spec that cannot be used; the message says what is wrong and what is allowed. */
export class InvalidStrategyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStrategyError';
  }
}

type Json = Record<string, unknown>;

const FIELD_NAMES = new Set<string>([
  ...Object.keys(DEFAULT_STRATEGY),
  'kind',
  'probeEpochs',
  'earlyStopping',
]);

/**
 * Validates a strategy given as JSON and fills in the defaults.
 *
 * @example
 * parseStrategy({ kind: 'last-k', k: 2, loss: 'gce' });
 * parseStrategy(JSON.parse('{"kind":"full"}'));
 */
export function parseStrategy(input: unknown): StrategySpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidStrategyError('a strategy must be a JSON object such as {"kind":"full"}');
  }
  const json = input as Json;
  const unknownFields = Object.keys(json).filter((key) => !FIELD_NAMES.has(key));
  if (unknownFields.length > 0) {
    throw new InvalidStrategyError(
      `unknown strategy field ${unknownFields.map((f) => `"${f}"`).join(', ')}; allowed: ${[...FIELD_NAMES].join(', ')}`,
    );
  }
  const kind = oneOf(json, 'kind', STRATEGY_KINDS, undefined);
  const spec: StrategySpec = {
    kind,
    k: integer(json, 'k', DEFAULT_STRATEGY.k, 0),
    blocks: stringList(json, 'blocks'),
    probeEpochs: json.probeEpochs === undefined ? undefined : integer(json, 'probeEpochs', 1, 1),
    optimizer: oneOf(json, 'optimizer', OPTIMIZERS, DEFAULT_STRATEGY.optimizer),
    learningRate: positive(json, 'learningRate', DEFAULT_STRATEGY.learningRate),
    layerDecay: numberAtLeast(
      json,
      'layerDecay',
      DEFAULT_STRATEGY.layerDecay,
      1,
      'at least 1 (1 = one rate for all)',
    ),
    weightDecay: numberAtLeast(json, 'weightDecay', DEFAULT_STRATEGY.weightDecay, 0, 'zero or positive'),
    momentum: fraction(json, 'momentum', DEFAULT_STRATEGY.momentum, false),
    dropout: fraction(json, 'dropout', DEFAULT_STRATEGY.dropout, false),
    l2sp: l2sp(json.l2sp),
    loss: oneOf(json, 'loss', LOSSES, DEFAULT_STRATEGY.loss),
    labelSmoothing: fraction(json, 'labelSmoothing', DEFAULT_STRATEGY.labelSmoothing, false),
    gceQ: numberInRange(json, 'gceQ', DEFAULT_STRATEGY.gceQ, (q) => q > 0 && q <= 1, 'in (0, 1]'),
    sceAlpha: numberAtLeast(json, 'sceAlpha', DEFAULT_STRATEGY.sceAlpha, 0, 'zero or positive'),
    sceBeta: numberAtLeast(json, 'sceBeta', DEFAULT_STRATEGY.sceBeta, 0, 'zero or positive'),
    epochs: integer(json, 'epochs', DEFAULT_STRATEGY.epochs, 1),
    batchSize: integer(json, 'batchSize', DEFAULT_STRATEGY.batchSize, 1),
    earlyStopping: earlyStopping(json.earlyStopping),
  };
  if (spec.kind === 'surgical' && spec.blocks.length === 0) {
    throw new InvalidStrategyError('strategy "surgical" needs "blocks": the names of the blocks to tune');
  }
  if (spec.kind === 'lp-ft' && spec.probeEpochs !== undefined && spec.probeEpochs >= spec.epochs) {
    throw new InvalidStrategyError(
      `"probeEpochs" (${spec.probeEpochs}) must be less than "epochs" (${spec.epochs}) for lp-ft`,
    );
  }
  return spec;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function oneOf<T extends string>(
  json: Json,
  field: string,
  allowed: readonly T[],
  fallback: T | undefined,
): T {
  const value = json[field];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    const got = value === undefined ? 'nothing' : describeValue(value);
    throw new InvalidStrategyError(`"${field}" must be one of ${allowed.join(', ')}; got ${got}`);
  }
  return value as T;
}

function numberInRange(
  json: Json,
  field: string,
  fallback: number,
  ok: (n: number) => boolean,
  allowed: string,
): number {
  const value = json[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new InvalidStrategyError(`"${field}" must be a number ${allowed}; got ${describeValue(value)}`);
  }
  return value;
}

function positive(json: Json, field: string, fallback: number): number {
  return numberInRange(json, field, fallback, (n) => n > 0, 'greater than 0');
}

function numberAtLeast(json: Json, field: string, fallback: number, min: number, allowed: string): number {
  return numberInRange(json, field, fallback, (n) => n >= min, allowed);
}

function fraction(json: Json, field: string, fallback: number, inclusiveOne: boolean): number {
  return numberInRange(
    json,
    field,
    fallback,
    (n) => n >= 0 && (inclusiveOne ? n <= 1 : n < 1),
    inclusiveOne ? 'in [0, 1]' : 'in [0, 1)',
  );
}

function integer(json: Json, field: string, fallback: number, min: number): number {
  return numberInRange(
    json,
    field,
    fallback,
    (n) => Number.isInteger(n) && n >= min,
    `and a whole number ≥ ${min}`,
  );
}

function stringList(json: Json, field: string): string[] {
  const value = json[field];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new InvalidStrategyError(`"${field}" must be a list of block names; got ${describeValue(value)}`);
  }
  return [...value] as string[];
}

function l2sp(value: unknown): StrategySpec['l2sp'] {
  if (value === undefined) return { ...DEFAULT_STRATEGY.l2sp };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidStrategyError(
      `"l2sp" must be an object {"alpha": number, "beta": number}; got ${describeValue(value)}`,
    );
  }
  const json = value as Json;
  const extra = Object.keys(json).filter((k) => k !== 'alpha' && k !== 'beta');
  if (extra.length > 0)
    throw new InvalidStrategyError(`"l2sp" takes only "alpha" and "beta"; got "${extra[0]}"`);
  return {
    alpha: numberAtLeast(json, 'alpha', 0, 0, 'zero or positive (l2sp.alpha)'),
    beta: numberAtLeast(json, 'beta', 0, 0, 'zero or positive (l2sp.beta)'),
  };
}

function earlyStopping(value: unknown): EarlyStoppingSpec | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidStrategyError(
      `"earlyStopping" must be an object {"patience": n, "metric": "val/loss"|"val/accuracy"}; got ${describeValue(value)}`,
    );
  }
  const json = value as Json;
  return {
    patience: integer(json, 'patience', 2, 1),
    metric: oneOf(json, 'metric', EARLY_STOPPING_METRICS, 'val/loss'),
    minDelta: numberAtLeast(json, 'minDelta', 0, 0, 'zero or positive'),
  };
}
