import { describe, expect, it } from 'vitest';
import { paretoFront } from './pareto-front.js';

const point = (runId: string, accuracy: number, ckaMean: number) => ({ runId, accuracy, ckaMean });
const ids = (points: { runId: string }[]) => points.map((p) => p.runId);

describe('paretoFront', () => {
  it('keeps the runs no other run beats on both accuracy and CKA, best accuracy first', () => {
    const runs = [
      point('full', 0.95, 0.4),
      point('last-k', 0.9, 0.8),
      point('probe', 0.7, 1.0),
      point('dominated', 0.85, 0.5),
      point('worst', 0.6, 0.3),
    ];
    expect(ids(paretoFront(runs))).toEqual(['full', 'last-k', 'probe']);
  });

  it('drops a run beaten on one number and tied on the other', () => {
    expect(ids(paretoFront([point('a', 0.9, 0.5), point('same-acc-less-cka', 0.9, 0.4)]))).toEqual(['a']);
    expect(ids(paretoFront([point('a', 0.9, 0.5), point('same-cka-less-acc', 0.8, 0.5)]))).toEqual(['a']);
  });

  it('keeps runs that are equal on both numbers together', () => {
    expect(ids(paretoFront([point('b', 0.9, 0.5), point('a', 0.9, 0.5)]))).toEqual(['a', 'b']);
  });

  it('agrees with the definition on random sets', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 50; trial++) {
      // Coarse values so that ties happen.
      const runs = Array.from({ length: 30 }, (_, i) =>
        point(`r${i}`, Math.round(random() * 10) / 10, Math.round(random() * 10) / 10),
      );
      const dominated = (p: (typeof runs)[number]) =>
        runs.some(
          (q) =>
            q.accuracy >= p.accuracy &&
            q.ckaMean >= p.ckaMean &&
            (q.accuracy > p.accuracy || q.ckaMean > p.ckaMean),
        );
      expect(new Set(ids(paretoFront(runs)))).toEqual(new Set(ids(runs.filter((p) => !dominated(p)))));
    }
  });

  it('is empty without candidates', () => {
    expect(paretoFront([])).toEqual([]);
  });
});
