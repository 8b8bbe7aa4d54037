import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  nextPage,
  parseRunsView,
  previousPage,
  runsVariables,
  runsViewToSearch,
  toggleSort,
  withFilter,
} from './runs-view';

describe('the runs view in the URL', () => {
  it('round-trips filters, sorting and paging through the query string', () => {
    const view = nextPage(
      nextPage(toggleSort({ ...DEFAULT_VIEW, statuses: ['RUNNING', 'SUCCEEDED'] }, 'val/accuracy'), 'c1'),
      'c2',
    );
    const search = runsViewToSearch(view);
    expect(parseRunsView(new URLSearchParams(search))).toEqual(view);
    expect(previousPage(parseRunsView(new URLSearchParams(search)))).toMatchObject({
      after: 'c1',
      back: [''],
    });
  });

  it('leaves the default view out of the URL and ignores unknown values', () => {
    expect(runsViewToSearch(DEFAULT_VIEW)).toBe('');
    expect(parseRunsView(new URLSearchParams('status=BOGUS,QUEUED&sort=nope&dir=sideways'))).toEqual({
      ...DEFAULT_VIEW,
      statuses: ['QUEUED'],
    });
  });

  it('sorts a metric column through orderBy METRIC, flipping on a second click, from the first page', () => {
    const once = toggleSort(nextPage(DEFAULT_VIEW, 'c1'), 'similarity/cka_mean');
    expect(runsVariables(once)).toMatchObject({
      after: null,
      orderBy: { field: 'METRIC', metricKey: 'similarity/cka_mean', direction: 'DESC' },
    });
    expect(runsVariables(toggleSort(once, 'similarity/cka_mean')).orderBy.direction).toBe('ASC');
    expect(runsVariables(DEFAULT_VIEW).orderBy).toEqual({
      field: 'QUEUED_AT',
      direction: 'DESC',
      metricKey: null,
    });
  });

  it('filters by project through the URL, back to the first page, combined with statuses', () => {
    const view = withFilter(nextPage(DEFAULT_VIEW, 'c1'), { projectId: 'p2' });
    expect(view).toMatchObject({ projectId: 'p2', after: null, back: [] });
    expect(runsViewToSearch(view)).toBe('?project=p2');
    expect(parseRunsView(new URLSearchParams('project=p2'))).toEqual(view);
    expect(runsVariables(view).filter).toEqual({ projectId: 'p2' });
    expect(runsVariables({ ...view, statuses: ['QUEUED'] }).filter).toEqual({
      status: ['QUEUED'],
      projectId: 'p2',
    });
    expect(runsVariables(DEFAULT_VIEW).filter).toBeNull();
  });
});
