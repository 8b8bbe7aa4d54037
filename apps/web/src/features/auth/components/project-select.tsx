import type { ReactNode } from 'react';
import { Field } from '../../../shared/ui/field';
import type { Project } from '../../../shared/graphql/api-types';
import { hasProjectChoice } from '../project-choice';

/** A select of the viewer's projects; `allLabel` adds an "every project" choice (value ''). */
export function ProjectSelect({
  projects,
  value,
  onChange,
  allLabel,
  name = 'projectId',
  ariaLabel,
}: {
  projects: readonly Project[];
  value: string;
  onChange(projectId: string): void;
  allLabel?: string;
  name?: string;
  ariaLabel?: string;
}) {
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel}>
      {allLabel !== undefined && <option value="">{allLabel}</option>}
      {projects.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}

/**
 * The Project field of a create form (New run, New sweep): shown only when the
 * viewer sees more than one project; the choice is the new rows' project.
 */
export function ProjectField({
  projects,
  value,
  error,
  onChange,
}: {
  projects: readonly Project[];
  value: string;
  error?: ReactNode;
  onChange(projectId: string): void;
}) {
  if (!hasProjectChoice(projects)) return null;
  return (
    <Field label="Project" error={error}>
      <ProjectSelect projects={projects} value={value} onChange={onChange} />
    </Field>
  );
}
