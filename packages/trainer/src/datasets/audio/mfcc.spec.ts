import { describe, expect, it } from 'vitest';
import { hzToMel, logMelSpectrogram, melToHz, mfcc, mfccFrameCount } from './mfcc.js';
import { fitToLength, quantiseInt16, resample, speechBounds } from './signal.js';
import { SPEECH_FEATURE_SIZE, SPEECH_FRAMES, speechMfcc } from './speech-features.js';

const RATE = 16_000;

function tone(hz: number, seconds: number, rate = RATE, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

describe('mfcc', () => {
  it('gives 98 × 13 finite frames for 1 s of a pure tone (25 ms / 10 ms), 49 × 13 with a 20 ms hop', () => {
    const features = mfcc(tone(1000, 1), RATE);
    expect(mfccFrameCount(RATE, RATE)).toBe(98);
    expect(features.length).toBe(98 * 13);
    expect(features.every(Number.isFinite)).toBe(true);
    const coarse = mfcc(tone(1000, 1), RATE, { hopMs: 20 });
    expect(coarse.length).toBe(49 * 13);
    expect(speechMfcc(tone(1000, 1))).toEqual(coarse);
    expect(SPEECH_FRAMES).toBe(49);
    expect(SPEECH_FEATURE_SIZE).toBe(49 * 13);
  });

  it('puts a tone’s energy in the mel filter around its frequency', () => {
    for (const hz of [300, 1000, 3000]) {
      const logMel = logMelSpectrogram(tone(hz, 0.2), RATE);
      const row = logMel.subarray(5 * 26, 6 * 26);
      const peak = row.indexOf(Math.max(...row));
      // Filter m is centred at the (m+1)-th of 28 points evenly spaced in mel from 0 to 8 kHz.
      const centre = melToHz(((peak + 1) * hzToMel(RATE / 2)) / 27);
      expect(Math.abs(hzToMel(centre) - hzToMel(hz))).toBeLessThan(hzToMel(RATE / 2) / 27);
    }
  });

  it('moves only c0 when the signal gets louder (log energies shift by a constant)', () => {
    const quiet = mfcc(tone(700, 0.3, RATE, 0.1), RATE);
    const loud = mfcc(tone(700, 0.3, RATE, 0.2), RATE);
    for (let frame = 0; frame < quiet.length / 13; frame++) {
      // Doubling the amplitude adds ln 4 to each of 26 log energies: √26 · ln 4 on c0 (orthonormal DCT).
      expect(loud[frame * 13] - quiet[frame * 13]).toBeCloseTo(Math.sqrt(26) * Math.log(4), 3);
      for (let c = 1; c < 13; c++) expect(loud[frame * 13 + c]).toBeCloseTo(quiet[frame * 13 + c], 3);
    }
  });

  it('keeps silence and very short signals finite', () => {
    const silent = mfcc(new Float32Array(RATE), RATE);
    expect(silent.every(Number.isFinite)).toBe(true);
    expect(mfcc(new Float32Array(10), RATE).length).toBe(13); // one zero-padded frame
    expect(() => mfcc(new Float32Array(10), 0)).toThrow(/sampleRate/);
    expect(() => mfcc(new Float32Array(10), RATE, { coefficients: 30 })).toThrow(/coefficients/);
  });
});

describe('resample', () => {
  it('keeps a tone’s frequency and amplitude and removes what the new rate cannot hold', () => {
    const out = resample(tone(1000, 1, 22_050), 22_050, RATE);
    expect(out.length).toBe(RATE);
    const middle = out.subarray(1000, RATE - 1000);
    const expected = tone(1000, 1).subarray(1000, RATE - 1000);
    let error = 0;
    for (let i = 0; i < middle.length; i++) error = Math.max(error, Math.abs(middle[i] - expected[i]));
    expect(error).toBeLessThan(0.01);
    // 10 kHz is above the 8 kHz Nyquist frequency of 16 kHz audio: filtered out, not aliased to 6 kHz.
    const aliased = resample(tone(10_000, 0.5, 22_050), 22_050, RATE).subarray(500, 7500);
    const rms = Math.sqrt(aliased.reduce((sum, x) => sum + x * x, 0) / aliased.length);
    expect(rms).toBeLessThan(0.005);
    expect(resample(Float32Array.of(1, 2), RATE, RATE)).toEqual(Float32Array.of(1, 2));
  });
});

describe('clip helpers', () => {
  it('finds speech between silences, fits clips and quantises', () => {
    const signal = new Float32Array(RATE);
    signal.set(tone(440, 0.25), 4000);
    const [start, end] = speechBounds(signal, RATE);
    expect(start).toBeGreaterThanOrEqual(3800);
    expect(start).toBeLessThanOrEqual(4000);
    expect(end).toBeGreaterThanOrEqual(8000);
    expect(end).toBeLessThanOrEqual(8200);
    expect(speechBounds(new Float32Array(100), RATE)).toEqual([0, 0]);
    expect(fitToLength(Float32Array.of(1, 2), 4, 1)).toEqual(Float32Array.of(0, 1, 2, 0));
    expect(fitToLength(Float32Array.of(1, 2, 3, 4, 5, 6), 4)).toEqual(Float32Array.of(2, 3, 4, 5));
    expect(quantiseInt16(Float32Array.of(0, 0.5, -1, 2))).toEqual(Int16Array.of(0, 16384, -32768, 32767));
  });
});
