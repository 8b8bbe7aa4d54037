/**
 * A quality profile: a reproducible degradation of a dataset (DESIGN.md
 * "QualityProfile"). This module parses and validates the JSON; applying it
 * to data is the quality-degradation work.
 */
export const LABEL_NOISE_KINDS = ['symmetric', 'asymmetric'] as const;
export const CORRUPTION_KINDS = [
  'gaussian-noise',
  'gaussian-blur',
  'contrast',
  'pixelate',
  'typos',
  'additive-noise',
  'band-limit',
] as const;

export interface QualitySpec {
  labelNoise?: { rate: number; kind: (typeof LABEL_NOISE_KINDS)[number] };
  corruption?: {
    kind: (typeof CORRUPTION_KINDS)[number];
    severity?: number;
    rate?: number;
    snrDb?: number;
    sampleRate?: number;
  };
  /** Keep this many training examples (few-shot). */
  sampleSize?: number;
  /** Ratio of the largest to the smallest class (≥ 1). */
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

function fail(message: string): never {
  throw new InvalidQualitySpecError(message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a quality profile given as JSON.
 *
 * @example
 * parseQualitySpec({ labelNoise: { rate: 0.4, kind: 'symmetric' }, seed: 1 });
 * parseQualitySpec({ corruption: { kind: 'gaussian-noise', severity: 5 }, seed: 1 });
 */
export function parseQualitySpec(input: unknown): QualitySpec {
  if (!isObject(input))
    fail('a quality profile must be a JSON object such as {"labelNoise":{"rate":0.4},"seed":1}');
  const unknown = Object.keys(input).filter((k) => !FIELDS.includes(k));
  if (unknown.length) fail(`unknown quality field "${unknown[0]}"; allowed: ${FIELDS.join(', ')}`);
  const spec: QualitySpec = { seed: 0 };
  if (input.seed !== undefined) {
    if (!Number.isInteger(input.seed) || (input.seed as number) < 0)
      fail(`"seed" must be a whole number ≥ 0; got ${JSON.stringify(input.seed)}`);
    spec.seed = input.seed as number;
  }
  if (input.labelNoise !== undefined) {
    const noise = input.labelNoise;
    if (!isObject(noise))
      fail('"labelNoise" must be an object {"rate": 0..1, "kind": "symmetric"|"asymmetric"}');
    const rate = noise.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
      fail(`"labelNoise.rate" must be a number in [0, 1); got ${JSON.stringify(rate)}`);
    const kind = noise.kind ?? 'symmetric';
    if (!LABEL_NOISE_KINDS.includes(kind as never))
      fail(`"labelNoise.kind" must be one of ${LABEL_NOISE_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
    spec.labelNoise = { rate, kind: kind as (typeof LABEL_NOISE_KINDS)[number] };
  }
  if (input.corruption !== undefined) {
    const corruption = input.corruption;
    if (!isObject(corruption)) fail('"corruption" must be an object {"kind": …, "severity": 1..5}');
    if (!CORRUPTION_KINDS.includes(corruption.kind as never)) {
      fail(
        `"corruption.kind" must be one of ${CORRUPTION_KINDS.join(', ')}; got ${JSON.stringify(corruption.kind)}`,
      );
    }
    const severity = corruption.severity;
    if (
      severity !== undefined &&
      (!Number.isInteger(severity) || (severity as number) < 1 || (severity as number) > 5)
    ) {
      fail(`"corruption.severity" must be a whole number from 1 to 5; got ${JSON.stringify(severity)}`);
    }
    spec.corruption = { ...(corruption as QualitySpec['corruption'] & object) };
  }
  if (input.sampleSize !== undefined) {
    if (!Number.isInteger(input.sampleSize) || (input.sampleSize as number) < 1)
      fail(`"sampleSize" must be a whole number ≥ 1; got ${JSON.stringify(input.sampleSize)}`);
    spec.sampleSize = input.sampleSize as number;
  }
  if (input.imbalance !== undefined) {
    if (typeof input.imbalance !== 'number' || !(input.imbalance >= 1))
      fail(
        `"imbalance" must be a number ≥ 1 (largest / smallest class); got ${JSON.stringify(input.imbalance)}`,
      );
    spec.imbalance = input.imbalance;
  }
  return spec;
}
