import { describe, expect, it } from 'vitest';
import { resolveAutoStrategy } from './auto-strategy.js';
import { DEFAULT_STRATEGY, parseStrategy } from './strategy-spec.js';
import {
  learningRateScale,
  probeEpochsOf,
  trainableBlocks,
  validateStrategyForBlocks,
} from './trainable-blocks.js';

const BLOCKS = ['conv1', 'conv2', 'dense', 'head'];

describe('parseStrategy', () => {
  it('accepts {"kind":"full"} alone and fills every documented default', () => {
    expect(parseStrategy(JSON.parse('{"kind":"full"}'))).toEqual({ kind: 'full', ...DEFAULT_STRATEGY });
  });

  it.each([
    [
      { kind: 'fine' },
      '"kind" must be one of full, last-k, surgical, linear-probe, lp-ft, gradual-unfreeze, auto; got "fine"',
    ],
    [
      {},
      '"kind" must be one of full, last-k, surgical, linear-probe, lp-ft, gradual-unfreeze, auto; got nothing',
    ],
    [{ kind: 'full', learningRate: -0.1 }, '"learningRate" must be a number greater than 0; got -0.1'],
    [{ kind: 'full', epochs: 2.5 }, '"epochs" must be a number and a whole number ≥ 1; got 2.5'],
    [{ kind: 'full', loss: 'mse' }, '"loss" must be one of ce, label-smoothing, gce, sce; got "mse"'],
    [{ kind: 'full', dropout: 1 }, '"dropout" must be a number in [0, 1); got 1'],
    [{ kind: 'surgical' }, 'strategy "surgical" needs "blocks": the names of the blocks to tune'],
    [{ kind: 'full', l2sp: { alpha: -1 } }, '"alpha" must be a number zero or positive (l2sp.alpha); got -1'],
    [
      { kind: 'lp-ft', epochs: 2, probeEpochs: 2 },
      '"probeEpochs" (2) must be less than "epochs" (2) for lp-ft',
    ],
    ['full', 'a strategy must be a JSON object such as {"kind":"full"}'],
  ])('rejects %j with a message that says what is allowed', (input, message) => {
    expect(() => parseStrategy(input)).toThrow(message);
  });

  it('names unknown fields and lists the allowed ones', () => {
    expect(() => parseStrategy({ kind: 'full', lr: 0.1 })).toThrow(
      /unknown strategy field "lr"; allowed: .*learningRate/,
    );
  });
});

describe('trainableBlocks', () => {
  const spec = (kind: string, extra: Record<string, unknown> = {}) =>
    parseStrategy({ kind, epochs: 4, ...extra });

  it.each([
    ['full', {}, 1, BLOCKS],
    ['last-k', { k: 2 }, 1, ['conv2', 'dense', 'head']],
    ['surgical', { blocks: ['conv1'] }, 1, ['conv1', 'head']],
    ['linear-probe', {}, 3, ['head']],
    ['lp-ft', { probeEpochs: 2 }, 2, ['head']],
    ['lp-ft', { probeEpochs: 2 }, 3, BLOCKS],
    ['gradual-unfreeze', {}, 1, ['head']],
    ['gradual-unfreeze', {}, 3, ['conv2', 'dense', 'head']],
    ['gradual-unfreeze', {}, 9, BLOCKS],
  ])('%s %j in epoch %i tunes %j', (kind, extra, epoch, expected) => {
    expect([...trainableBlocks(spec(kind, extra), BLOCKS, epoch)].sort()).toEqual([...expected].sort());
  });

  it('lp-ft probes for a third of the epochs by default', () => {
    expect(probeEpochsOf(parseStrategy({ kind: 'lp-ft', epochs: 6 }))).toBe(2);
    expect(probeEpochsOf(parseStrategy({ kind: 'lp-ft', epochs: 1 }))).toBe(1);
  });

  it('rejects block names the model lacks and a k larger than the model', () => {
    expect(() => validateStrategyForBlocks(spec('surgical', { blocks: ['conv3'] }), BLOCKS)).toThrow(
      'the model has no block "conv3"; its blocks are conv1, conv2, dense, head',
    );
    expect(() => validateStrategyForBlocks(spec('last-k', { k: 4 }), BLOCKS)).toThrow(
      '"k" is 4 but the model has only 3 blocks below the head (conv1, conv2, dense)',
    );
  });

  it('discriminative rates divide by layerDecay per block below the head', () => {
    const decayed = parseStrategy({ kind: 'full', layerDecay: 2.6 });
    expect(learningRateScale(decayed, BLOCKS, 'head')).toBe(1);
    expect(learningRateScale(decayed, BLOCKS, 'dense')).toBeCloseTo(1 / 2.6);
    expect(learningRateScale(decayed, BLOCKS, 'conv1')).toBeCloseTo(1 / 2.6 ** 3);
  });
});

describe('resolveAutoStrategy', () => {
  const auto = parseStrategy({ kind: 'auto', epochs: 7 });

  it('noisy labels: top block only, GCE, stronger regularisation', () => {
    const { strategy, reason } = resolveAutoStrategy(auto, { labelNoiseRate: 0.4, examplesPerClass: 500 });
    expect(strategy).toMatchObject({ kind: 'last-k', k: 1, loss: 'gce', epochs: 7 });
    expect(strategy.l2sp.alpha).toBeGreaterThan(0);
    expect(reason).toContain('40 % noisy');
  });

  it('few examples: lp-ft; clean and plentiful: every block with layer decay', () => {
    expect(resolveAutoStrategy(auto, { examplesPerClass: 10 }).strategy.kind).toBe('lp-ft');
    expect(resolveAutoStrategy(auto, { examplesPerClass: 500 }).strategy).toMatchObject({
      kind: 'full',
      layerDecay: 2.6,
    });
  });

  it('leaves a concrete strategy alone', () => {
    const full = parseStrategy({ kind: 'full' });
    expect(resolveAutoStrategy(full, { labelNoiseRate: 0.9 }).strategy).toBe(full);
  });
});
