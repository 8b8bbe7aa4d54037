'use client';

import { useQuery } from 'urql';
import type { Project, Viewer } from '../../../shared/graphql/api-types';
import { VIEWER_QUERY, type ViewerData } from '../graphql/viewer-query';

const NO_PROJECTS: Project[] = [];

/** The signed-in token (or the open local mode) and the projects it sees. */
export function useViewer(): { viewer: Viewer | undefined; projects: Project[]; fetching: boolean } {
  const [result] = useQuery<ViewerData>({ query: VIEWER_QUERY });
  const viewer = result.data?.viewer;
  return { viewer, projects: viewer?.projects ?? NO_PROJECTS, fetching: result.fetching && !viewer };
}
