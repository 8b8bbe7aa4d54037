import type { Dataset, JsonObject } from '../../shared/graphql/api-types';

/** The profile form's fields as typed (strings; blank means "not used"). */
export interface ProfileFormValues {
  datasetId: string;
  name: string;
  labelNoiseRate: string;
  labelNoiseKind: 'symmetric' | 'asymmetric';
  corruptionKind: string;
  /** Severity 1–5, typo rate, SNR in dB or sample rate, depending on the kind. */
  corruptionValue: string;
  sampleSize: string;
  imbalance: string;
  seed: string;
}

export const EMPTY_PROFILE_FORM: ProfileFormValues = {
  datasetId: '',
  name: '',
  labelNoiseRate: '',
  labelNoiseKind: 'symmetric',
  corruptionKind: '',
  corruptionValue: '3',
  sampleSize: '',
  imbalance: '',
  seed: '0',
};

/** Each corruption kind, its modality, and the one field it takes. */
export const CORRUPTIONS: Record<
  string,
  { modality: Dataset['modality']; field: string; label: string; placeholder: string }
> = {
  'gaussian-noise': { modality: 'IMAGE', field: 'severity', label: 'Severity (1–5)', placeholder: '3' },
  'gaussian-blur': { modality: 'IMAGE', field: 'severity', label: 'Severity (1–5)', placeholder: '3' },
  contrast: { modality: 'IMAGE', field: 'severity', label: 'Severity (1–5)', placeholder: '3' },
  pixelate: { modality: 'IMAGE', field: 'severity', label: 'Severity (1–5)', placeholder: '3' },
  typos: { modality: 'TEXT', field: 'rate', label: 'Typo rate per character', placeholder: '0.05' },
  'additive-noise': { modality: 'AUDIO', field: 'snrDb', label: 'SNR (dB)', placeholder: '10' },
  'band-limit': { modality: 'AUDIO', field: 'sampleRate', label: 'Sample rate (Hz)', placeholder: '4000' },
};

export const corruptionsFor = (modality: Dataset['modality'] | undefined) =>
  Object.entries(CORRUPTIONS)
    .filter(([, c]) => c.modality === modality)
    .map(([kind]) => kind);

const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The `createQualityProfile` spec of the form. Only what was filled in goes in;
 * the server validates ranges and says what is wrong.
 */
export function profileSpec(values: ProfileFormValues): JsonObject {
  const spec: JsonObject = { seed: number(values.seed) ?? 0 };
  const rate = number(values.labelNoiseRate);
  if (rate !== undefined && rate > 0) spec.labelNoise = { rate, kind: values.labelNoiseKind };
  const corruption = CORRUPTIONS[values.corruptionKind];
  if (corruption)
    spec.corruption = { kind: values.corruptionKind, [corruption.field]: number(values.corruptionValue) };
  const sampleSize = number(values.sampleSize);
  if (sampleSize !== undefined) spec.sampleSize = sampleSize;
  const imbalance = number(values.imbalance);
  if (imbalance !== undefined) spec.imbalance = imbalance;
  return spec;
}

/** A profile's degradation in a few words, for tables. */
export function describeProfile(spec: JsonObject): string {
  const parts: string[] = [];
  const noise = spec.labelNoise as { rate?: number; kind?: string } | undefined;
  if (noise?.rate)
    parts.push(`${Math.round(noise.rate * 100)}% ${noise.kind ?? ''} label noise`.replace('  ', ' '));
  const corruption = spec.corruption as Record<string, unknown> | undefined;
  if (corruption) {
    const { kind, ...rest } = corruption;
    parts.push(`${String(kind)} ${Object.values(rest).join(' ')}`.trim());
  }
  if (spec.sampleSize) parts.push(`${String(spec.sampleSize)} examples`);
  if (spec.imbalance) parts.push(`imbalance ${String(spec.imbalance)}×`);
  return parts.length ? parts.join(' · ') : 'clean';
}
