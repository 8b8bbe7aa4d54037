import { describe, expect, it } from 'vitest';
import type { Run } from '../../shared/graphql/api-types';
import {
  DEFAULT_RUN_FORM,
  applyRecommendation,
  fieldOfError,
  startRunInput,
  valuesFromRun,
} from './run-form';

const form = { ...DEFAULT_RUN_FORM, sourceModelId: 'sm', datasetId: 'ds' };

describe('the new-run form', () => {
  it('sends last-k with k, the clean dataset as no profile, and no limit when blank', () => {
    expect(startRunInput({ ...form, k: '2', epochs: '3', tags: ' a, ,b ' })).toEqual({
      sourceModelId: 'sm',
      datasetId: 'ds',
      qualityProfileId: null,
      strategy: { kind: 'last-k', k: 2, learningRate: 0.001, loss: 'ce', epochs: 3 },
      seed: 0,
      limit: null,
      tags: ['a', 'b'],
    });
  });

  it('sends the chosen blocks for surgical and no k', () => {
    const input = startRunInput({ ...form, kind: 'surgical', blocks: ['conv2'], limit: '160' });
    expect(input.strategy).toMatchObject({ kind: 'surgical', blocks: ['conv2'] });
    expect(input.strategy).not.toHaveProperty('k');
    expect(input.limit).toBe(160);
  });

  it('fills the form from a previous run and from a recommendation', () => {
    const run = {
      sourceModelId: 'sm',
      datasetId: 'ds',
      qualityProfileId: 'qp',
      strategySpec: { kind: 'lp-ft', k: 1, blocks: [], learningRate: 0.01, loss: 'gce', epochs: 7 },
      seed: 4,
      limit: null,
      tags: ['x'],
      epochs: 7,
    } as unknown as Run;
    const values = valuesFromRun(run);
    expect(values).toMatchObject({
      kind: 'lp-ft',
      learningRate: '0.01',
      loss: 'gce',
      epochs: '7',
      qualityProfileId: 'qp',
    });
    expect(applyRecommendation(values, { kind: 'last-k', k: 2, loss: 'sce' })).toMatchObject({
      kind: 'last-k',
      k: '2',
      loss: 'sce',
      epochs: '7',
    });
  });

  it('puts a server message next to the field it names', () => {
    expect(fieldOfError('strategy: learningRate must be a positive number')).toBe('learningRate');
    expect(fieldOfError('qualityProfileId: the profile belongs to another dataset')).toBe('qualityProfileId');
    expect(fieldOfError('something else went wrong')).toBeNull();
    expect(fieldOfError("projectId: no project with id p9 among this token's projects")).toBe('projectId');
    // A refusal for the role is about the action, not a field: it shows by the Start button.
    expect(fieldOfError('startRun needs the EDITOR role; this token has VIEWER')).toBeNull();
  });

  it('sends projectId only when one was chosen (the server defaults to the token’s only project)', () => {
    expect(startRunInput(form)).not.toHaveProperty('projectId');
    expect(startRunInput({ ...form, projectId: 'p2' }).projectId).toBe('p2');
  });
});
