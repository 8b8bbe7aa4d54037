import type { Viewer } from '../../../shared/graphql/api-types';

/** Who the dashboard's token is: role, name and the projects it sees. */
export const VIEWER_QUERY = `query Viewer { viewer { authEnabled role tokenName projects { id name } } }`;

export interface ViewerData {
  viewer: Viewer;
}
