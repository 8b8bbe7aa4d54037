import { describe, expect, it } from 'vitest';
import { describeQuality, InvalidQualitySpecError, parseQualitySpec } from './quality-spec.js';

const bad = (input: unknown, message: string) => {
  expect(() => parseQualitySpec(input)).toThrow(InvalidQualitySpecError);
  expect(() => parseQualitySpec(input)).toThrow(message);
};

describe('parseQualitySpec', () => {
  it('accepts every corruption with the field its kind takes', () => {
    expect(parseQualitySpec({ corruption: { kind: 'pixelate', severity: 5 }, seed: 2 })).toEqual({
      corruption: { kind: 'pixelate', severity: 5 },
      seed: 2,
    });
    expect(parseQualitySpec({ corruption: { kind: 'typos', rate: 0.05 } }).corruption).toEqual({
      kind: 'typos',
      rate: 0.05,
    });
    expect(parseQualitySpec({ corruption: { kind: 'additive-noise', snrDb: -3 } }).corruption).toEqual({
      kind: 'additive-noise',
      snrDb: -3,
    });
    expect(parseQualitySpec({ corruption: { kind: 'band-limit', sampleRate: 8000 } }).seed).toBe(0);
  });

  it('rejects a severity outside 1–5, or none', () => {
    for (const severity of [0, 6, 2.5, '3']) {
      bad(
        { corruption: { kind: 'gaussian-blur', severity } },
        '"corruption.severity" must be a whole number from 1 to 5',
      );
    }
    bad({ corruption: { kind: 'contrast' } }, '"contrast" corruption needs "severity"');
  });

  it('rejects fields that belong to another kind, and bad values', () => {
    bad(
      { corruption: { kind: 'gaussian-noise', severity: 1, snrDb: 3 } },
      'unknown "gaussian-noise" corruption field "snrDb"',
    );
    bad({ corruption: { kind: 'typos', rate: 0 } }, '"corruption.rate" must be a number in (0, 1]');
    bad(
      { corruption: { kind: 'band-limit', sampleRate: 10.5 } },
      '"corruption.sampleRate" must be a whole number',
    );
    bad({ corruption: { kind: 'blur', severity: 1 } }, '"corruption.kind" must be one of gaussian-noise');
    bad({ labelNoise: { rate: 0.2, kind: 'symmetric', extra: 1 } }, 'unknown labelNoise field "extra"');
    bad({ imbalance: 0.5 }, '"imbalance" must be a number ≥ 1');
    bad({ sampleSize: 0 }, '"sampleSize" must be a whole number ≥ 1');
  });

  it('describes a profile in words', () => {
    expect(
      describeQuality({
        labelNoise: { rate: 0.3, kind: 'symmetric' },
        corruption: { kind: 'gaussian-noise', severity: 5 },
        imbalance: 10,
        seed: 1,
      }),
    ).toBe('30 % symmetric label noise, gaussian-noise severity 5, imbalance 10:1, seed 1');
    expect(describeQuality({ seed: 0 })).toBe('clean, seed 0');
  });
});
