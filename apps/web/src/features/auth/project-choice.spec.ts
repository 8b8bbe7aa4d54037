import { describe, expect, it } from 'vitest';
import { chooseProject, hasProjectChoice, withProject } from './project-choice';

const one = [{ id: 'p1', name: 'default' }];
const two = [...one, { id: 'p2', name: 'vision' }];

describe('choosing the project of a new run or sweep', () => {
  it('sends none while the viewer sees one project, else the requested one if visible, else the first', () => {
    expect(chooseProject(one, 'p1')).toBe('');
    expect(chooseProject([], null)).toBe('');
    expect(chooseProject(two, 'p2')).toBe('p2');
    expect(chooseProject(two, 'p9')).toBe('p1');
    expect(chooseProject(two, null)).toBe('p1');
    expect(hasProjectChoice(one)).toBe(false);
    expect(hasProjectChoice(two)).toBe(true);
  });

  it('keeps the project in the URL beside the page’s other parameters', () => {
    expect(withProject(new URLSearchParams('from=r1'), 'p2')).toBe('from=r1&project=p2');
    expect(withProject(new URLSearchParams('project=p1'), 'p2')).toBe('project=p2');
  });
});
