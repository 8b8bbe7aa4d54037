import { RUN_STATUSES, type RunStatus } from '../../shared/graphql/api-types';

/** What the runs table shows; all of it lives in the URL, so a view can be shared and reloaded. */
export interface RunsView {
  statuses: RunStatus[];
  /** Runs of this project only (null: every project the token sees). */
  projectId: string | null;
  sort: SortKey;
  direction: 'ASC' | 'DESC';
  /** The cursor of this page (none: the first page). */
  after: string | null;
  /** The cursors of the pages before this one, for "Previous". */
  back: string[];
}

export const SORT_KEYS = [
  'queued',
  'finished',
  'val/accuracy',
  'val/accuracy_clean',
  'similarity/cka_mean',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZE = 25;
export const DEFAULT_VIEW: RunsView = {
  statuses: [],
  projectId: null,
  sort: 'queued',
  direction: 'DESC',
  after: null,
  back: [],
};

export function parseRunsView(params: URLSearchParams): RunsView {
  const statuses = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s));
  const sort = params.get('sort');
  return {
    statuses,
    projectId: params.get('project') || null,
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : DEFAULT_VIEW.sort,
    direction: params.get('dir') === 'ASC' ? 'ASC' : 'DESC',
    after: params.get('after') || null,
    // '' stands for the first page, so "back=" alone is one page back to the first.
    back: params.has('back') ? (params.get('back') ?? '').split(' ') : [],
  };
}

/** The query string of a view, leaving out what is the default. */
export function runsViewToSearch(view: RunsView): string {
  const params = new URLSearchParams();
  if (view.statuses.length) params.set('status', view.statuses.join(','));
  if (view.projectId) params.set('project', view.projectId);
  if (view.sort !== DEFAULT_VIEW.sort) params.set('sort', view.sort);
  if (view.direction !== DEFAULT_VIEW.direction) params.set('dir', view.direction);
  if (view.after) params.set('after', view.after);
  if (view.back.length) params.set('back', view.back.join(' '));
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The `runs` query variables of a view. */
export function runsVariables(view: RunsView) {
  const metric = view.sort !== 'queued' && view.sort !== 'finished';
  const filter = {
    ...(view.statuses.length ? { status: view.statuses } : {}),
    ...(view.projectId ? { projectId: view.projectId } : {}),
  };
  return {
    first: PAGE_SIZE,
    after: view.after,
    filter: Object.keys(filter).length ? filter : null,
    orderBy: {
      field: metric ? 'METRIC' : view.sort === 'finished' ? 'FINISHED_AT' : 'QUEUED_AT',
      direction: view.direction,
      metricKey: metric ? view.sort : null,
    },
  };
}

/** Filters and sorting start again from the first page. */
export function withFilter(
  view: RunsView,
  change: Partial<Pick<RunsView, 'statuses' | 'projectId' | 'sort' | 'direction'>>,
): RunsView {
  return { ...view, ...change, after: null, back: [] };
}

/** Clicking a column header: sort by it (highest first), or flip the direction when it already sorts. */
export function toggleSort(view: RunsView, sort: SortKey): RunsView {
  return withFilter(view, {
    sort,
    direction: view.sort === sort ? (view.direction === 'DESC' ? 'ASC' : 'DESC') : 'DESC',
  });
}

export function nextPage(view: RunsView, endCursor: string): RunsView {
  return { ...view, after: endCursor, back: [...view.back, view.after ?? ''] };
}

export function previousPage(view: RunsView): RunsView {
  const back = view.back.slice(0, -1);
  return { ...view, after: view.back.at(-1) || null, back };
}
