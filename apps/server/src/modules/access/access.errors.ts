import type { Role } from '@driftboard/schema';
import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class AccessError extends AppError {
  static missingToken(): AccessError {
    return new AccessError(
      ErrorCode.UNAUTHENTICATED,
      'this server requires an API token: send the header `Authorization: Bearer <token>` ' +
        '(graphql-ws: connectionParams { authorization: "Bearer <token>" }); an admin creates one with ' +
        '`npm run token -- create --role viewer --project <name>` or the createApiToken mutation',
    );
  }

  static invalidToken(): AccessError {
    return new AccessError(
      ErrorCode.UNAUTHENTICATED,
      'the API token is unknown or revoked; ask an admin for a new one',
    );
  }

  static roleTooLow(have: Role, need: Role, action: string): AccessError {
    return new AccessError(ErrorCode.FORBIDDEN, `${action} needs the ${need} role; this token has ${have}`, {
      requiredRole: need,
    });
  }

  static projectNotVisible(projectId: string): AccessError {
    return new AccessError(
      ErrorCode.BAD_USER_INPUT,
      `projectId: no project with id ${projectId} among this token's projects`,
      { argument: 'projectId' },
    );
  }

  static projectRequired(projectIds: readonly string[]): AccessError {
    return new AccessError(
      ErrorCode.BAD_USER_INPUT,
      `projectId: this token sees ${projectIds.length} projects; say which one (${projectIds.join(', ')})`,
      { argument: 'projectId' },
    );
  }

  static projectNotFound(id: string): AccessError {
    return new AccessError(ErrorCode.NOT_FOUND, `no project with id ${id}`, { id });
  }

  static unknownProjects(ids: string[]): AccessError {
    return new AccessError(ErrorCode.BAD_USER_INPUT, `projectIds: no project with id ${ids.join(', ')}`, {
      argument: 'projectIds',
    });
  }

  static projectsRequired(role: Role): AccessError {
    return new AccessError(
      ErrorCode.BAD_USER_INPUT,
      `projectIds: a ${role} token needs at least one project (only ADMIN tokens see every project)`,
      { argument: 'projectIds' },
    );
  }

  static projectNameTaken(name: string): AccessError {
    return new AccessError(
      ErrorCode.CONFLICT,
      `a project named "${name}" already exists; choose another name`,
    );
  }

  static tokenNotFound(id: string): AccessError {
    return new AccessError(ErrorCode.NOT_FOUND, `no API token with id ${id}`, { id });
  }
}
