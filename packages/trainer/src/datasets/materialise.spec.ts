import { describe, expect, it } from 'vitest';
import {
  gatherExamples,
  materialiseRole,
  resolveLoadOptions,
  splitRole,
  type ExamplePool,
} from './materialise.js';

/** Three classes of sizes 50, 30 and 20, with ids 0..99. */
const ID_BY_CLASS = [
  Array.from({ length: 50 }, (_, i) => i),
  Array.from({ length: 30 }, (_, i) => 50 + i),
  Array.from({ length: 20 }, (_, i) => 80 + i),
];
const classOf = (id: number) => (id < 50 ? 0 : id < 80 ? 1 : 2);
const countClasses = (ids: number[]) =>
  ids.reduce((counts, id) => (counts[classOf(id)]++, counts), [0, 0, 0]);

describe('splitRole', () => {
  it('partitions the role into train and validation, probe inside validation', () => {
    const split = splitRole(ID_BY_CLASS, { role: 'source', seed: 1, probeSize: 7 });
    expect(split.validation).toHaveLength(20);
    expect(split.train).toHaveLength(80);
    expect([...split.train, ...split.validation].sort((a, b) => a - b)).toEqual(ID_BY_CLASS.flat());
    expect(split.probe).toHaveLength(7);
    expect(split.probe.every((id) => split.validation.includes(id))).toBe(true);
  });

  it('stratifies validation, limited train and probe by class', () => {
    for (let seed = 0; seed < 20; seed++) {
      const split = splitRole(ID_BY_CLASS, { role: 'target', seed, limit: 40, probeSize: 10 });
      expect(countClasses(split.validation)).toEqual([10, 6, 4]);
      countClasses(split.train).forEach((count, cls) =>
        expect(Math.abs(count - [20, 12, 8][cls])).toBeLessThanOrEqual(1),
      );
      countClasses(split.probe).forEach((count, cls) =>
        expect(Math.abs(count - [5, 3, 2][cls])).toBeLessThanOrEqual(1),
      );
    }
  });

  it('nests: a smaller limit or probe is a subset, and the probe ignores limit', () => {
    const small = splitRole(ID_BY_CLASS, { role: 'source', seed: 3, limit: 10, probeSize: 4 });
    const large = splitRole(ID_BY_CLASS, { role: 'source', seed: 3, limit: 50, probeSize: 8 });
    expect(small.train.every((id) => large.train.includes(id))).toBe(true);
    expect(small.probe.every((id) => large.probe.includes(id))).toBe(true);
    expect(small.validation).toEqual(large.validation);
    const unlimited = splitRole(ID_BY_CLASS, { role: 'source', seed: 3, probeSize: 4 });
    expect(unlimited.probe).toEqual(small.probe);
  });

  it('is deterministic per seed', () => {
    const options = { role: 'source' as const, seed: 8 };
    expect(splitRole(ID_BY_CLASS, options)).toEqual(splitRole(ID_BY_CLASS, options));
    expect(splitRole(ID_BY_CLASS, { ...options, seed: 9 }).train).not.toEqual(
      splitRole(ID_BY_CLASS, options).train,
    );
  });

  it('handles the edges: no validation, limit 0, probe capped, empty classes', () => {
    const none = splitRole(ID_BY_CLASS, { role: 'source', seed: 1, validationFraction: 0 });
    expect(none.validation).toEqual([]);
    expect(none.probe).toEqual([]);
    expect(none.train).toHaveLength(100);
    expect(splitRole(ID_BY_CLASS, { role: 'source', seed: 1, limit: 0 }).train).toEqual([]);
    expect(splitRole(ID_BY_CLASS, { role: 'source', seed: 1, probeSize: 1000 }).probe).toHaveLength(20);
    expect(splitRole([[], [1, 2, 3, 4, 5]], { role: 'source', seed: 1 }).validation).toHaveLength(1);
  });
});

describe('resolveLoadOptions', () => {
  it('fills defaults', () => {
    expect(resolveLoadOptions({ role: 'source', seed: 1 })).toEqual({
      role: 'source',
      seed: 1,
      limit: Infinity,
      validationFraction: 0.2,
      probeSize: 256,
    });
  });

  it('rejects bad values', () => {
    expect(() => resolveLoadOptions({ role: 'source', seed: NaN })).toThrow(/seed/);
    expect(() => resolveLoadOptions({ role: 'source', seed: 1, limit: 2.5 })).toThrow(/limit/);
    expect(() => resolveLoadOptions({ role: 'source', seed: 1, validationFraction: -0.1 })).toThrow(
      /validation/,
    );
    expect(() => resolveLoadOptions({ role: 'source', seed: 1, validationFraction: NaN })).toThrow(
      /validation/,
    );
    expect(() => resolveLoadOptions({ role: 'source', seed: 1, probeSize: -1 })).toThrow(/probeSize/);
  });
});

describe('gatherExamples and materialiseRole', () => {
  const pool: ExamplePool = {
    inputs: new Int32Array([0, 1, 10, 11, 20, 21, 30, 31]),
    labels: new Int32Array([0, 0, 1, 1]),
    exampleSize: 2,
  };

  it('copies rows, keeps the dtype and separates cleanLabels from labels', () => {
    const examples = gatherExamples(pool, [3, 0]);
    expect(examples.inputs).toEqual(new Int32Array([30, 31, 0, 1]));
    expect(examples.labels).toEqual(new Int32Array([1, 0]));
    examples.labels[0] = 0;
    examples.inputs[0] = -1;
    expect(examples.cleanLabels).toEqual(new Int32Array([1, 0]));
    expect(pool.inputs[6]).toBe(30);
    expect(() => gatherExamples(pool, [4])).toThrow(/outside the pool/);
  });

  it('sets info.size to the role size and checks the pool', () => {
    const info = {
      name: 'toy',
      modality: 'TEXT' as const,
      inputShape: [2],
      inputDtype: 'int32' as const,
      classNames: ['a', 'b'],
      size: 99,
    };
    const dataset = materialiseRole(
      pool,
      [
        [0, 1],
        [2, 3],
      ],
      info,
      { role: 'source', seed: 1, validationFraction: 0.5 },
    );
    expect(dataset.info.size).toBe(4);
    expect(dataset.train.count).toBe(2);
    expect(dataset.validation.count).toBe(2);
    expect(() =>
      materialiseRole({ ...pool, exampleSize: 3 }, [[0]], info, { role: 'source', seed: 1 }),
    ).toThrow(/expected 4 × 3/);
  });
});
