import { describe, expect, it } from 'vitest';
import { Rng } from '../../util/rng.js';
import {
  CONTRAST_FACTOR,
  corruptImages,
  corruptionParameter,
  GAUSSIAN_BLUR_SIGMA,
  GAUSSIAN_NOISE_SIGMA,
  PIXELATE_FACTOR,
} from './image-corruptions.js';

const SIDE = 28;
const GREY = { height: SIDE, width: SIDE, channels: 1 };
const SEVERITIES = [1, 2, 3, 4, 5];

function filled(count: number, value: (i: number) => number): Float32Array {
  return Float32Array.from({ length: count * SIDE * SIDE }, (_, i) => value(i));
}

describe('image corruptions follow the CIFAR-10-C tables', () => {
  it('Gaussian noise: after − before has the severity σ on mid-grey pixels (none clipped), mean 0', () => {
    const before = filled(20, () => 0.5);
    for (const severity of SEVERITIES) {
      const after = corruptImages(before, GREY, 'gaussian-noise', severity, Rng.fromSeed(severity));
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < after.length; i++) {
        const d = after[i] - before[i];
        sum += d;
        squares += d * d;
      }
      const mean = sum / after.length;
      const std = Math.sqrt(squares / after.length - mean * mean);
      const sigma = GAUSSIAN_NOISE_SIGMA[severity - 1];
      expect(Math.abs(std - sigma) / sigma, `severity ${severity}`).toBeLessThan(0.03);
      expect(Math.abs(mean)).toBeLessThan(0.003);
    }
  });

  it('Gaussian noise clips to [0, 1]', () => {
    const after = corruptImages(
      filled(5, (i) => i % 2),
      GREY,
      'gaussian-noise',
      5,
      Rng.fromSeed(1),
    );
    expect(Math.min(...after)).toBe(0);
    expect(Math.max(...after)).toBe(1);
  });

  it('contrast: a mean-preserving scale of each pixel’s distance from the image mean by c', () => {
    const rng = Rng.fromSeed(3);
    const before = filled(3, () => 0.25 + 0.5 * rng.next());
    for (const severity of SEVERITIES) {
      const after = corruptImages(before, GREY, 'contrast', severity, Rng.fromSeed(0));
      const c = CONTRAST_FACTOR[severity - 1];
      for (let image = 0; image < 3; image++) {
        const at = (values: Float32Array) => values.subarray(image * SIDE * SIDE, (image + 1) * SIDE * SIDE);
        const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
        const m = mean(at(before));
        expect(mean(at(after))).toBeCloseTo(m, 5);
        at(before).forEach((value, i) => expect(at(after)[i]).toBeCloseTo(m + c * (value - m), 5));
      }
    }
  });

  it('Gaussian blur: a delta spreads as a Gaussian of the severity σ, keeping its total', () => {
    const side = 21;
    const centre = 10;
    const geometry = { height: side, width: side, channels: 1 };
    const delta = new Float32Array(side * side);
    delta[centre * side + centre] = 1;
    for (const severity of SEVERITIES) {
      const sigma = GAUSSIAN_BLUR_SIGMA[severity - 1];
      const after = corruptImages(delta, geometry, 'gaussian-blur', severity, Rng.fromSeed(0));
      const at = (y: number, x: number) => after[y * side + x];
      const g = (k: number) => Math.exp(-(k * k) / (2 * sigma * sigma));
      expect(at(centre, centre + 1) / at(centre, centre)).toBeCloseTo(g(1), 5);
      expect(at(centre + 1, centre) / at(centre, centre)).toBeCloseTo(g(1), 5);
      expect(at(centre + 1, centre + 1) / at(centre, centre)).toBeCloseTo(g(1) * g(1), 5);
      expect(after.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    // At σ = 1 the sampled kernel's variance is σ² itself.
    const blurred = corruptImages(delta, geometry, 'gaussian-blur', 5, Rng.fromSeed(0));
    let variance = 0;
    for (let x = 0; x < side; x++) variance += blurred[centre * side + x] * (x - centre) ** 2;
    const rowTotal = blurred.subarray(centre * side, (centre + 1) * side).reduce((a, b) => a + b, 0);
    expect(variance / rowTotal).toBeCloseTo(1, 3);
  });

  it('pixelate: blocks of the downscaled size (floor(28 · factor)), a flat image unchanged', () => {
    const rng = Rng.fromSeed(4);
    const before = filled(1, () => rng.next());
    for (const severity of SEVERITIES) {
      const after = corruptImages(before, GREY, 'pixelate', severity, Rng.fromSeed(0));
      const small = Math.floor(SIDE * PIXELATE_FACTOR[severity - 1]);
      const distinctRows = new Set<string>();
      const distinctColumns = new Set<string>();
      for (let i = 0; i < SIDE; i++) {
        distinctRows.add(Array.from(after.subarray(i * SIDE, (i + 1) * SIDE)).join());
        distinctColumns.add(Array.from({ length: SIDE }, (_, y) => after[y * SIDE + i]).join());
      }
      expect(distinctRows.size, `severity ${severity}`).toBe(small);
      expect(distinctColumns.size).toBe(small);
      const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
      expect(Math.abs(mean(after) - mean(before))).toBeLessThan(0.02);
    }
    const flat = filled(1, () => 0.3);
    expect(corruptImages(flat, GREY, 'pixelate', 5, Rng.fromSeed(0))).toEqual(flat);
  });

  it('handles colour images channel by channel', () => {
    const geometry = { height: 4, width: 4, channels: 3 };
    const before = Float32Array.from({ length: 48 }, (_, i) => (i % 3 === 0 ? 0.2 : i % 3 === 1 ? 0.5 : 0.8));
    // Each channel is flat, so contrast around the channel's own mean changes nothing.
    expect(corruptImages(before, geometry, 'contrast', 5, Rng.fromSeed(0))).toEqual(before);
  });

  it('rejects a severity outside 1–5', () => {
    for (const severity of [0, 6, 2.5, NaN]) {
      expect(() => corruptionParameter('gaussian-noise', severity)).toThrow(
        'severity must be a whole number from 1 to 5',
      );
      expect(() => corruptImages(new Float32Array(784), GREY, 'contrast', severity, Rng.fromSeed(0))).toThrow(
        RangeError,
      );
    }
  });
});
