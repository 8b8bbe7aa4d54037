import type { Project } from '../../shared/graphql/api-types';

/**
 * The project a new run or sweep goes to: none to send while the viewer sees
 * at most one (the server picks it), else the requested one if visible, else
 * the first.
 */
export function chooseProject(projects: readonly Project[], requested: string | null | undefined): string {
  if (projects.length <= 1) return '';
  return projects.some((p) => p.id === requested) ? requested! : projects[0].id;
}

/** Whether the viewer has projects to choose between (filters and selects show only then). */
export const hasProjectChoice = (projects: readonly Project[]) => projects.length > 1;

/** The page's query string with `project` set, the rest kept (e.g. New run's ?from=). */
export function withProject(params: { toString(): string }, projectId: string): string {
  const next = new URLSearchParams(params.toString());
  next.set('project', projectId);
  return next.toString();
}
