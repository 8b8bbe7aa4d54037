import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SWEEP_FORM,
  gridSize,
  gridSizeOf,
  parseSeeds,
  startSweepInput,
  sweepFieldOfError,
  toggle,
  validateSweepForm,
} from './sweep-form';

const form = {
  ...DEFAULT_SWEEP_FORM,
  name: ' probe vs full ',
  sourceModelId: 'sm',
  datasetId: 'ds',
  strategyIds: ['a', 'b'],
};

describe('the new-sweep form', () => {
  it('parses seeds separated by commas or spaces, dropping duplicates', () => {
    expect(parseSeeds('0,1,2')).toEqual({ seeds: [0, 1, 2], error: null });
    expect(parseSeeds(' 3 4, 3 ,')).toEqual({ seeds: [3, 4], error: null });
    expect(parseSeeds('').error).toMatch(/at least one/);
    expect(parseSeeds('1,-2').error).toMatch(/-2/);
    expect(parseSeeds('1.5').error).toMatch(/whole numbers/);
    expect(parseSeeds('0 1 2 3 4 5 6 7 8 9 10').error).toMatch(/at most 10/);
  });

  it('counts the grid as strategies × profiles (clean when none) × seeds', () => {
    expect(gridSize(2, 0, 1)).toBe(2);
    expect(gridSize(2, 3, 2)).toBe(12);
    expect(gridSize(0, 3, 2)).toBe(0);
    expect(gridSizeOf({ ...form, qualityProfileIds: ['p'], seeds: '0,1,2' })).toBe(6);
    expect(gridSizeOf({ ...form, seeds: 'x' })).toBe(0);
  });

  it('toggles ids in a multi-select', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('builds startSweep’s input', () => {
    expect(startSweepInput({ ...form, seeds: '0, 1', limit: '160' })).toEqual({
      name: 'probe vs full',
      sourceModelId: 'sm',
      datasetId: 'ds',
      strategyIds: ['a', 'b'],
      qualityProfileIds: [],
      seeds: [0, 1],
      limit: 160,
    });
    expect(startSweepInput(form).limit).toBeNull();
    expect(startSweepInput(form)).not.toHaveProperty('projectId');
    expect(startSweepInput({ ...form, projectId: 'p2' }).projectId).toBe('p2');
  });

  it('flags what the server would reject before sending', () => {
    expect(validateSweepForm(form)).toEqual({});
    expect(validateSweepForm({ ...form, name: ' ', strategyIds: [], seeds: '' })).toEqual({
      name: expect.any(String),
      strategyIds: expect.any(String),
      seeds: expect.any(String),
    });
    const big = { ...form, strategyIds: Array.from({ length: 20 }, (_, i) => `s${i}`) };
    const profiles = Array.from({ length: 20 }, (_, i) => `p${i}`);
    expect(validateSweepForm({ ...big, qualityProfileIds: profiles, seeds: '0,1' }).strategyIds).toMatch(
      /800 runs/,
    );
  });

  it('puts a server message next to the field it names', () => {
    expect(sweepFieldOfError('strategyIds needs at least one strategy')).toBe('strategyIds');
    expect(sweepFieldOfError('qualityProfileId: the profile belongs to another dataset')).toBe(
      'qualityProfileIds',
    );
    expect(sweepFieldOfError('each value in seeds must not be less than 0')).toBe('seeds');
    expect(sweepFieldOfError('name must start with a letter or digit')).toBe('name');
    expect(sweepFieldOfError('something else went wrong')).toBeNull();
    expect(sweepFieldOfError('projectId: this token sees 2 projects; say which one (a, b)')).toBe(
      'projectId',
    );
    expect(sweepFieldOfError('startSweep needs the EDITOR role; this token has VIEWER')).toBeNull();
  });
});
