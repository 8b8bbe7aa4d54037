import { describe, expect, it } from 'vitest';
import { Rng } from '../../util/rng.js';
import { addNoiseAtSnr, bandLimit, bandLimitFeatures, keptFeatureBands } from './audio-corruptions.js';

const RATE = 16_000;

function tone(hz: number, samples = RATE / 4): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));
}

const energy = (values: ArrayLike<number>) => Array.from(values).reduce((a, v) => a + v * v, 0);

describe('additive noise at an SNR', () => {
  it('adds noise whose energy is the signal’s over 10^(SNR/10)', () => {
    const signal = tone(440);
    for (const snrDb of [20, 10, 0, -5]) {
      const noisy = addNoiseAtSnr(signal, snrDb, Rng.fromSeed(1));
      const noise = noisy.map((v, i) => v - signal[i]);
      const measured = 10 * Math.log10(energy(signal) / energy(noise));
      expect(measured).toBeCloseTo(snrDb, 3);
    }
  });

  it('leaves silence silent and is deterministic from the seed', () => {
    expect(addNoiseAtSnr(new Float32Array(10), 0, Rng.fromSeed(1))).toEqual(new Float32Array(10));
    const signal = tone(300, 64);
    expect(addNoiseAtSnr(signal, 5, Rng.fromSeed(2))).toEqual(addNoiseAtSnr(signal, 5, Rng.fromSeed(2)));
  });
});

describe('band-limiting', () => {
  it('keeps tones below half the new rate and removes tones above it', () => {
    const low = tone(500);
    const high = tone(3_000);
    const interior = (values: Float32Array) => values.subarray(200, values.length - 200);
    const keptLow = energy(interior(bandLimit(low, RATE, 4_000))) / energy(interior(low));
    const keptHigh = energy(interior(bandLimit(high, RATE, 4_000))) / energy(interior(high));
    expect(keptLow).toBeGreaterThan(0.98);
    expect(keptHigh).toBeLessThan(0.001);
    expect(() => bandLimit(low, RATE, RATE)).toThrow('needs audio sampled faster');
  });

  it('on feature frames, zeroes the mel bands above half the new rate', () => {
    expect(keptFeatureBands(13, 8_000)).toBe(10);
    expect(keptFeatureBands(13, 15_999)).toBe(13);
    const frames = Float32Array.from({ length: 2 * 13 }, () => 1);
    const limited = bandLimitFeatures(frames, 13, 8_000);
    expect(Array.from(limited.subarray(0, 13))).toEqual([...Array(10).fill(1), 0, 0, 0]);
    expect(Array.from(limited.subarray(13))).toEqual([...Array(10).fill(1), 0, 0, 0]);
    expect(() => bandLimitFeatures(frames, 13, 16_000)).toThrow('changes nothing');
  });
});
