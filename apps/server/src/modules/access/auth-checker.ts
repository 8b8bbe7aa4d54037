import type { Role } from '@driftboard/schema';
import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from './request-context.js';

/**
 * `@Authorized(Role.EDITOR)` on a resolver: the request's role must be at
 * least that. Throws (rather than returning false) so the client reads which
 * role the operation needs instead of type-graphql's generic "Access denied".
 */
export const roleAuthChecker: AuthChecker<RequestContext, Role> = ({ context, info }, roles) => {
  for (const role of roles) context.access.requireRole(role, info.fieldName);
  return true;
};
