import { parseQualitySpec } from '@driftboard/trainer';
import { describe, expect, it } from 'vitest';
import { Access, DEFAULT_PROJECT_ID } from '../access/access.js';
import { evidenceFromProfile, RecommendationService } from './recommendation.service.js';

const ANYONE = Access.unrestricted();

const PROFILE_ID = '3f1c2a4e-9b8d-4c7e-a6f5-0123456789ab';

function serviceFor(spec: Record<string, unknown>) {
  const profile = { id: PROFILE_ID, projectId: DEFAULT_PROJECT_ID, name: 'p', datasetId: 'mnist', spec };
  return new RecommendationService(
    { findById: async (id) => (id === PROFILE_ID ? profile : undefined) },
    { findById: async () => ({ classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] }) },
  );
}

describe('evidenceFromProfile', () => {
  it('uses the declared noise rate, and examples per class only when the sample is capped', () => {
    expect(evidenceFromProfile(parseQualitySpec({ labelNoise: { rate: 0.4 }, seed: 1 }), 10)).toEqual({
      labelNoiseRate: 0.4,
      examplesPerClass: undefined,
    });
    expect(evidenceFromProfile(parseQualitySpec({ sampleSize: 200, seed: 1 }), 10)).toEqual({
      labelNoiseRate: undefined,
      examplesPerClass: 20,
    });
  });
});

describe('RecommendationService', () => {
  it('advises the noise-robust recipe for noisy labels', async () => {
    const advice = await serviceFor({ labelNoise: { rate: 0.4, kind: 'symmetric' }, seed: 1 }).recommend(
      ANYONE,
      PROFILE_ID,
    );
    expect(advice).toMatchObject({ kind: 'last-k', labelNoiseRate: 0.4, examplesPerClass: null });
    expect(advice.spec).toMatchObject({ kind: 'last-k', loss: 'gce' });
    expect(advice.reason).toMatch(/noisy/);
  });

  it('advises lp-ft for few examples per class, and full fine-tuning for clean plentiful data', async () => {
    expect((await serviceFor({ sampleSize: 100, seed: 1 }).recommend(ANYONE, PROFILE_ID)).kind).toBe('lp-ft');
    expect(await serviceFor({ seed: 1 }).recommend(ANYONE, PROFILE_ID)).toMatchObject({
      kind: 'full',
      labelNoiseRate: null,
    });
  });

  it('answers NOT_FOUND for an unknown profile', async () => {
    await expect(serviceFor({ seed: 1 }).recommend(ANYONE, 'nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
