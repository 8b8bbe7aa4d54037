import { describe, expect, it } from 'vitest';
import { specDifferences } from './run-comparison.js';

const base = {
  sourceModelId: 'source-1',
  datasetId: 'mnist',
  qualityProfileId: null,
  seed: 0,
  limitExamples: null,
  strategySpec: { kind: 'full', learningRate: 0.001, l2sp: { alpha: 0, beta: 0 }, blocks: ['a', 'b'] },
};

describe('specDifferences', () => {
  it('is empty for runs that trained the same thing', () => {
    expect(specDifferences([base, { ...base }])).toEqual([]);
  });

  it('lists run fields, then strategy fields by dotted path, with one JSON value per run', () => {
    const other = {
      ...base,
      seed: 1,
      qualityProfileId: 'noisy-40',
      strategySpec: { ...base.strategySpec, l2sp: { alpha: 0.01, beta: 0 }, blocks: ['b'] },
    };
    expect(specDifferences([base, other])).toEqual([
      { field: 'qualityProfileId', values: ['null', '"noisy-40"'] },
      { field: 'seed', values: ['0', '1'] },
      { field: 'strategy.l2sp.alpha', values: ['0', '0.01'] },
      { field: 'strategy.blocks', values: ['["a","b"]', '["b"]'] },
    ]);
  });

  it('shows a field one run lacks as null', () => {
    const lastK = { ...base, strategySpec: { ...base.strategySpec, kind: 'last-k', k: 2 } };
    expect(specDifferences([base, lastK, base])).toEqual([
      { field: 'strategy.kind', values: ['"full"', '"last-k"', '"full"'] },
      { field: 'strategy.k', values: ['null', '2', 'null'] },
    ]);
  });

  it('does not report objects that differ only in key order', () => {
    const reordered = { ...base, strategySpec: { l2sp: { beta: 0, alpha: 0 }, ...base.strategySpec } };
    expect(specDifferences([base, reordered])).toEqual([]);
  });
});
