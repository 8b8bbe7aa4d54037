/**
 * A quality profile: a reproducible degradation of a dataset (DESIGN.md
 * "QualityProfile"). This module parses and validates the JSON; `degrade.ts`
 * and `quality/` apply it to data.
 */
export const LABEL_NOISE_KINDS = ['symmetric', 'asymmetric'] as const;
/** Image corruptions, each with a CIFAR-10-C severity 1–5. */
export const IMAGE_CORRUPTION_KINDS = ['gaussian-noise', 'gaussian-blur', 'contrast', 'pixelate'] as const;
export const CORRUPTION_KINDS = [...IMAGE_CORRUPTION_KINDS, 'typos', 'additive-noise', 'band-limit'] as const;

export type ImageCorruptionKind = (typeof IMAGE_CORRUPTION_KINDS)[number];
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** One input corruption; which fields it takes depends on its kind. */
export type CorruptionSpec =
  | { kind: ImageCorruptionKind; severity: number }
  /** Keyboard-neighbour typos, each character hit with probability `rate`. */
  | { kind: 'typos'; rate: number }
  /** White noise at a signal-to-noise ratio in dB (lower is noisier). */
  | { kind: 'additive-noise'; snrDb: number }
  /** Keep only what a recording at `sampleRate` Hz would hold (a cheap microphone). */
  | { kind: 'band-limit'; sampleRate: number };

export interface QualitySpec {
  labelNoise?: { rate: number; kind: (typeof LABEL_NOISE_KINDS)[number] };
  corruption?: CorruptionSpec;
  /** Keep this many training examples (few-shot). */
  sampleSize?: number;
  /** Ratio of the largest to the smallest class in the training split (≥ 1). */
  imbalance?: number;
  seed: number;
}

export class InvalidQualitySpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQualitySpecError';
  }
}

const FIELDS = ['labelNoise', 'corruption', 'sampleSize', 'imbalance', 'seed'];

/** The field each corruption kind takes besides `kind`, and what it must be. */
const CORRUPTION_FIELD: Record<CorruptionKind, { name: string; rule: string; valid(v: number): boolean }> = {
  'gaussian-noise': severityField(),
  'gaussian-blur': severityField(),
  contrast: severityField(),
  pixelate: severityField(),
  typos: { name: 'rate', rule: 'a number in (0, 1]', valid: (v) => v > 0 && v <= 1 },
  'additive-noise': { name: 'snrDb', rule: 'a finite number of dB', valid: (v) => Number.isFinite(v) },
  'band-limit': {
    name: 'sampleRate',
    rule: 'a whole number of Hz ≥ 100',
    valid: (v) => Number.isInteger(v) && v >= 100,
  },
};

function severityField() {
  return {
    name: 'severity',
    rule: 'a whole number from 1 to 5',
    valid: (v: number) => Number.isInteger(v) && v >= 1 && v <= 5,
  };
}

function fail(message: string): never {
  throw new InvalidQualitySpecError(message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknown(what: string, value: Record<string, unknown>, allowed: string[]): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length) fail(`unknown ${what} field "${unknown[0]}"; allowed: ${allowed.join(', ')}`);
}

/**
 * Validates a quality profile given as JSON.
 *
 * @example
 * parseQualitySpec({ labelNoise: { rate: 0.4, kind: 'symmetric' }, seed: 1 });
 * parseQualitySpec({ corruption: { kind: 'gaussian-noise', severity: 5 }, seed: 1 });
 * parseQualitySpec({ corruption: { kind: 'additive-noise', snrDb: 10 }, imbalance: 10, seed: 2 });
 */
export function parseQualitySpec(input: unknown): QualitySpec {
  if (!isObject(input))
    fail('a quality profile must be a JSON object such as {"labelNoise":{"rate":0.4},"seed":1}');
  rejectUnknown('quality', input, FIELDS);
  const spec: QualitySpec = { seed: 0 };
  if (input.seed !== undefined) {
    if (!Number.isSafeInteger(input.seed) || (input.seed as number) < 0)
      fail(`"seed" must be a whole number ≥ 0; got ${JSON.stringify(input.seed)}`);
    spec.seed = input.seed as number;
  }
  if (input.labelNoise !== undefined) {
    const noise = input.labelNoise;
    if (!isObject(noise))
      fail('"labelNoise" must be an object {"rate": 0..1, "kind": "symmetric"|"asymmetric"}');
    rejectUnknown('labelNoise', noise, ['rate', 'kind']);
    const rate = noise.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
      fail(`"labelNoise.rate" must be a number in [0, 1); got ${JSON.stringify(rate)}`);
    const kind = noise.kind ?? 'symmetric';
    if (!LABEL_NOISE_KINDS.includes(kind as never))
      fail(`"labelNoise.kind" must be one of ${LABEL_NOISE_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
    spec.labelNoise = { rate, kind: kind as (typeof LABEL_NOISE_KINDS)[number] };
  }
  if (input.corruption !== undefined) spec.corruption = parseCorruption(input.corruption);
  if (input.sampleSize !== undefined) {
    if (!Number.isSafeInteger(input.sampleSize) || (input.sampleSize as number) < 1)
      fail(`"sampleSize" must be a whole number ≥ 1; got ${JSON.stringify(input.sampleSize)}`);
    spec.sampleSize = input.sampleSize as number;
  }
  if (input.imbalance !== undefined) {
    if (typeof input.imbalance !== 'number' || !(input.imbalance >= 1) || !Number.isFinite(input.imbalance))
      fail(
        `"imbalance" must be a number ≥ 1 (largest / smallest class); got ${JSON.stringify(input.imbalance)}`,
      );
    spec.imbalance = input.imbalance;
  }
  return spec;
}

function parseCorruption(corruption: unknown): CorruptionSpec {
  if (!isObject(corruption)) fail('"corruption" must be an object {"kind": …, "severity": 1..5}');
  const kind = corruption.kind;
  if (!CORRUPTION_KINDS.includes(kind as never)) {
    fail(`"corruption.kind" must be one of ${CORRUPTION_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  }
  const field = CORRUPTION_FIELD[kind as CorruptionKind];
  rejectUnknown(`"${kind as string}" corruption`, corruption, ['kind', field.name]);
  const value = corruption[field.name];
  if (value === undefined) fail(`"${kind as string}" corruption needs "${field.name}": ${field.rule}`);
  if (typeof value !== 'number' || !field.valid(value)) {
    fail(`"corruption.${field.name}" must be ${field.rule}; got ${JSON.stringify(value)}`);
  }
  return { kind, [field.name]: value } as CorruptionSpec;
}

/**
 * One line a person can read, e.g. `gaussian-noise severity 5, 30 % symmetric label noise, seed 1`.
 *
 * @example
 * describeQuality({ corruption: { kind: 'contrast', severity: 2 }, seed: 3 }); // 'contrast severity 2, seed 3'
 */
export function describeQuality(spec: QualitySpec): string {
  const parts: string[] = [];
  if (spec.labelNoise) {
    parts.push(`${+(spec.labelNoise.rate * 100).toFixed(2)} % ${spec.labelNoise.kind} label noise`);
  }
  const c = spec.corruption;
  if (c) {
    if (c.kind === 'typos') parts.push(`typos at ${c.rate} per character`);
    else if (c.kind === 'additive-noise') parts.push(`additive noise at ${c.snrDb} dB SNR`);
    else if (c.kind === 'band-limit') parts.push(`band-limited to ${c.sampleRate} Hz`);
    else parts.push(`${c.kind} severity ${c.severity}`);
  }
  if (spec.sampleSize !== undefined) parts.push(`${spec.sampleSize} training examples`);
  if (spec.imbalance !== undefined && spec.imbalance !== 1) parts.push(`imbalance ${spec.imbalance}:1`);
  if (parts.length === 0) parts.push('clean');
  return `${parts.join(', ')}, seed ${spec.seed}`;
}
