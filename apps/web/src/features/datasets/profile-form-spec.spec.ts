import { describe, expect, it } from 'vitest';
import { EMPTY_PROFILE_FORM, corruptionsFor, describeProfile, profileSpec } from './profile-form-spec';

describe('the quality profile form', () => {
  it('sends only what was filled in', () => {
    expect(profileSpec({ ...EMPTY_PROFILE_FORM, seed: '3' })).toEqual({ seed: 3 });
  });

  it('builds label noise, a corruption with its own field, sample size and imbalance', () => {
    const spec = profileSpec({
      ...EMPTY_PROFILE_FORM,
      labelNoiseRate: '0.4',
      labelNoiseKind: 'asymmetric',
      corruptionKind: 'additive-noise',
      corruptionValue: '10',
      sampleSize: '200',
      imbalance: '5',
    });
    expect(spec).toEqual({
      seed: 0,
      labelNoise: { rate: 0.4, kind: 'asymmetric' },
      corruption: { kind: 'additive-noise', snrDb: 10 },
      sampleSize: 200,
      imbalance: 5,
    });
    expect(describeProfile(spec)).toBe(
      '40% asymmetric label noise · additive-noise 10 · 200 examples · imbalance 5×',
    );
  });

  it('offers the corruptions of the dataset’s modality', () => {
    expect(corruptionsFor('TEXT')).toEqual(['typos']);
    expect(corruptionsFor('IMAGE')).toContain('pixelate');
  });
});
