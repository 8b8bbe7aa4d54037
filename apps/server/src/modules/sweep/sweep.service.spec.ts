import { describe, expect, it } from 'vitest';
import type { RunRecord, SummaryValue } from '../run/run.repository.js';
import { paretoCandidates, sweepGrid } from './sweep.service.js';

describe('sweepGrid', () => {
  const request = {
    name: 'grid',
    sourceModelId: 'source',
    datasetId: 'mnist',
    strategyIds: ['full', 'last-k'],
    qualityProfileIds: ['clean', 'noisy'],
    seeds: [0, 1, 2],
    limit: 100,
  };

  it('makes one run per strategy × profile × seed, all tied to the sweep', () => {
    const grid = sweepGrid(request, 'sweep-1');
    expect(grid).toHaveLength(12);
    expect(new Set(grid.map((r) => `${r.strategyId}/${r.qualityProfileId}/${r.seed}`)).size).toBe(12);
    expect(grid.every((r) => r.sweepId === 'sweep-1' && r.limit === 100 && r.datasetId === 'mnist')).toBe(
      true,
    );
  });

  it('trains on the clean dataset when no profile is given, and ignores repeats', () => {
    const grid = sweepGrid(
      { ...request, qualityProfileIds: [], seeds: [0, 0], strategyIds: ['full', 'full'] },
      's',
    );
    expect(grid).toEqual([expect.objectContaining({ strategyId: 'full', qualityProfileId: null, seed: 0 })]);
  });
});

describe('paretoCandidates', () => {
  const summary = (accuracy?: number, cka?: number) => {
    const map = new Map<string, SummaryValue>();
    if (accuracy !== undefined) map.set('val/accuracy_clean', { last: accuracy, min: 0, max: 1, epoch: 3 });
    if (cka !== undefined) map.set('similarity/cka_mean', { last: cka, min: 0, max: 1, epoch: 3 });
    return map;
  };
  const run = (id: string, status: RunRecord['status']) => ({ id, status }) as RunRecord;

  it('takes succeeded runs with both final numbers only', () => {
    expect(
      paretoCandidates([
        { run: run('ok', 'SUCCEEDED'), summary: summary(0.9, 0.5) },
        { run: run('running', 'RUNNING'), summary: summary(0.95, 0.9) },
        { run: run('no-cka', 'SUCCEEDED'), summary: summary(0.9) },
        { run: run('no-metrics', 'SUCCEEDED'), summary: undefined },
      ]),
    ).toEqual([{ runId: 'ok', accuracy: 0.9, ckaMean: 0.5 }]);
  });
});
