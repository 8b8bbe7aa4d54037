import { describe, expect, it } from 'vitest';
import { argmaxRows, predictionAgreement, weightDrift } from './similarity.js';

describe('weightDrift', () => {
  it('is the relative norm of the change over all arrays of a layer', () => {
    const source = [new Float32Array([3, 0]), new Float32Array([4])];
    const current = [new Float32Array([3, 1]), new Float32Array([4 + 2])];
    // ‖(0, 1, 2)‖ / ‖(3, 0, 4)‖
    expect(weightDrift(current, source)).toBeCloseTo(Math.sqrt(5) / 5, 12);
  });

  it('is 0 for unchanged weights, even when the source is all zeros', () => {
    const w = [new Float32Array([0.5, -2]), new Float32Array([1])];
    expect(
      weightDrift(
        w,
        w.map((a) => a.slice()),
      ),
    ).toBe(0);
    expect(weightDrift([new Float32Array(3)], [new Float32Array(3)])).toBe(0);
    expect(weightDrift([], [])).toBe(0);
  });

  it('is Infinity when a zero source moved', () => {
    expect(weightDrift([new Float32Array([0, 1])], [new Float32Array(2)])).toBe(Infinity);
  });

  it('rejects weights that do not match the source', () => {
    expect(() => weightDrift([new Float32Array(2)], [])).toThrow(/1 weight arrays but the source has 0/);
    expect(() => weightDrift([new Float32Array(2)], [new Float32Array(3)])).toThrow(/array 0 has 2 values/);
  });
});

describe('predictionAgreement', () => {
  it('is the fraction of equal predictions', () => {
    expect(predictionAgreement([1, 2, 3, 4], [1, 2, 0, 4])).toBe(0.75);
    expect(predictionAgreement(new Int32Array([5, 5]), [5, 5])).toBe(1);
    expect(predictionAgreement(new Int32Array([0, 1]), new Int32Array([1, 0]))).toBe(0);
  });

  it('needs two equally long, non-empty lists', () => {
    expect(() => predictionAgreement([1, 2], [1])).toThrow(/2 predictions vs 1/);
    expect(() => predictionAgreement([], [])).toThrow(/at least one prediction/);
  });
});

describe('argmaxRows', () => {
  it('picks the largest value in each row', () => {
    const probs = new Float32Array([0.1, 0.7, 0.2, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6]);
    expect(Array.from(argmaxRows(probs, 3, 3))).toEqual([1, 0, 2]);
  });

  it('breaks ties towards the lowest index and never picks NaN', () => {
    const probs = new Float32Array([0.5, 0.5, NaN, 0.2, NaN, NaN, -Infinity, -Infinity]);
    expect(Array.from(argmaxRows(probs, 4, 2))).toEqual([0, 1, 0, 0]);
  });

  it('checks the shape', () => {
    expect(() => argmaxRows(new Float32Array(5), 2, 3)).toThrow(/5 values but the shape is 2×3/);
    expect(() => argmaxRows(new Float32Array(0), 0, 0)).toThrow(/cols ≥ 1/);
    expect(argmaxRows(new Float32Array(0), 0, 4)).toEqual(new Int32Array(0));
  });
});
