import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.js';
import { parseStrategy } from '../strategies/strategy-spec.js';
import { strategyLoss } from './losses.js';

const p = [0.7, 0.2, 0.1];

function lossOf(strategy: Record<string, unknown>): number {
  return tf.tidy(
    () =>
      strategyLoss(
        parseStrategy({ kind: 'full', ...strategy }),
        tf.tensor2d([p], [1, 3]),
        tf.tensor2d([[1, 0, 0]], [1, 3]),
      ).dataSync()[0],
  );
}

describe('strategy losses on one example with p = [0.7, 0.2, 0.1], true class 0', () => {
  beforeAll(() => selectBackend());

  it('cross-entropy is −log p_y', () => {
    expect(lossOf({ loss: 'ce' })).toBeCloseTo(-Math.log(0.7), 5);
  });

  it('label smoothing targets (1 − ε)·y + ε/K', () => {
    const eps = 0.1;
    const expected = -(
      (1 - eps + eps / 3) * Math.log(0.7) +
      (eps / 3) * Math.log(0.2) +
      (eps / 3) * Math.log(0.1)
    );
    expect(lossOf({ loss: 'label-smoothing', labelSmoothing: eps })).toBeCloseTo(expected, 5);
  });

  it('GCE is (1 − p_y^q)/q, q = 0.7 by default', () => {
    expect(lossOf({ loss: 'gce' })).toBeCloseTo((1 - 0.7 ** 0.7) / 0.7, 5);
  });

  it('SCE is α·CE + β·RCE with log 0 → log 1e-4, α = 0.1 and β = 1 by default', () => {
    const expected = 0.1 * -Math.log(0.7) + 1.0 * -Math.log(1e-4) * (1 - 0.7);
    expect(lossOf({ loss: 'sce' })).toBeCloseTo(expected, 4);
  });

  it('GCE grows more slowly than CE on a confidently wrong label (why it resists noise)', () => {
    const wrong = (loss: string) =>
      tf.tidy(
        () =>
          strategyLoss(
            parseStrategy({ kind: 'full', loss }),
            tf.tensor2d([[0.98, 0.01, 0.01]], [1, 3]),
            tf.tensor2d([[0, 0, 1]], [1, 3]),
          ).dataSync()[0],
      );
    expect(wrong('gce')).toBeLessThan(1 / 0.7 + 1e-6);
    expect(wrong('ce')).toBeGreaterThan(4);
  });
});
