import { RUN_STATUSES, type Project, type RunStatus } from '../../../shared/graphql/api-types';
import { ProjectSelect } from '../../auth/components/project-select';
import { hasProjectChoice } from '../../auth/project-choice';
import { SORT_KEYS, withFilter, type RunsView, type SortKey } from '../runs-view';

export const SORT_LABELS: Record<SortKey, string> = {
  queued: 'Queued',
  finished: 'Finished',
  'val/accuracy': 'Val accuracy',
  'val/accuracy_clean': 'Clean accuracy',
  'similarity/cka_mean': 'Mean CKA',
};

export function RunsToolbar({
  view,
  projects,
  onChange,
}: {
  view: RunsView;
  /** The viewer's projects: a filter shows when there are several. */
  projects: readonly Project[];
  onChange(view: RunsView): void;
}) {
  const toggleStatus = (status: RunStatus) =>
    onChange(
      withFilter(view, {
        statuses: view.statuses.includes(status)
          ? view.statuses.filter((s) => s !== status)
          : [...view.statuses, status],
      }),
    );
  return (
    <div className="toolbar">
      <div className="chips" role="group" aria-label="Filter by status">
        <button
          type="button"
          className={`chip ${view.statuses.length === 0 ? 'chip-on' : ''}`}
          onClick={() => onChange(withFilter(view, { statuses: [] }))}
        >
          All
        </button>
        {RUN_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`chip chip-${status.toLowerCase()} ${view.statuses.includes(status) ? 'chip-on' : ''}`}
            aria-pressed={view.statuses.includes(status)}
            onClick={() => toggleStatus(status)}
          >
            {status.toLowerCase()}
          </button>
        ))}
      </div>
      {hasProjectChoice(projects) && (
        <label className="inline-field">
          Project
          <ProjectSelect
            name="project"
            ariaLabel="Filter by project"
            projects={projects}
            value={view.projectId ?? ''}
            allLabel="All projects"
            onChange={(projectId) => onChange(withFilter(view, { projectId: projectId || null }))}
          />
        </label>
      )}
      <label className="inline-field">
        Sort
        <select
          value={view.sort}
          onChange={(e) => onChange(withFilter(view, { sort: e.target.value as SortKey }))}
          aria-label="Sort by"
        >
          {SORT_KEYS.map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-small"
          aria-label={view.direction === 'DESC' ? 'Descending' : 'Ascending'}
          onClick={() =>
            onChange(withFilter(view, { direction: view.direction === 'DESC' ? 'ASC' : 'DESC' }))
          }
        >
          {view.direction === 'DESC' ? '↓' : '↑'}
        </button>
      </label>
    </div>
  );
}
