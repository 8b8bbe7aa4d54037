import { Role } from '@driftboard/schema';
import { AccessError } from './access.errors.js';

/** Every project's runs, datasets and profiles that existed before projects did live here. */
export const DEFAULT_PROJECT_ID = '00000000-0000-4000-8000-000000000001';

/** Where services get the project of a new row: visible to the caller and existing (AccessService). */
export interface ProjectDirectory {
  projectForNewRow(access: Access, requested: string | undefined | null): Promise<string>;
}

const RANK: Record<Role, number> = { [Role.VIEWER]: 0, [Role.EDITOR]: 1, [Role.ADMIN]: 2 };

/**
 * What one request may do: its role and the projects it sees. Built once per
 * request (HTTP) or connection (WebSocket) from the bearer token, or open
 * when the server runs without auth on loopback. Services take it as their
 * first argument wherever rows belong to projects, so a query can only ever
 * read the caller's projects.
 */
export class Access {
  private constructor(
    readonly role: Role,
    /** null: every project (admins, and the open local mode). */
    private readonly projectIds: readonly string[] | null,
    readonly tokenId: string | null,
    readonly tokenName: string | null,
  ) {}

  /** The open local mode: no token, everything allowed. */
  static unrestricted(): Access {
    return new Access(Role.ADMIN, null, null, null);
  }

  static forToken(token: { id: string; name: string; role: Role; projectIds: string[] }): Access {
    const projects = token.role === Role.ADMIN ? null : [...token.projectIds];
    return new Access(token.role, projects, token.id, token.name);
  }

  get authenticated(): boolean {
    return this.tokenId !== null;
  }

  /** The projects to filter by; null means no filter (every project). */
  get visibleProjectIds(): readonly string[] | null {
    return this.projectIds;
  }

  hasRole(role: Role): boolean {
    return RANK[this.role] >= RANK[role];
  }

  requireRole(role: Role, action: string): void {
    if (!this.hasRole(role)) throw AccessError.roleTooLow(this.role, role, action);
  }

  /** Built-in rows (projectId null) are visible to all. */
  canSee(projectId: string | null): boolean {
    return projectId === null || this.projectIds === null || this.projectIds.includes(projectId);
  }

  /**
   * The project a new row goes to: the one asked for (if visible), else the
   * token's only project, else `default` for tokens that see every project.
   */
  projectForNewRow(requested: string | undefined | null): string {
    if (requested) {
      if (!this.canSee(requested)) throw AccessError.projectNotVisible(requested);
      return requested;
    }
    if (this.projectIds === null) return DEFAULT_PROJECT_ID;
    if (this.projectIds.length === 1) return this.projectIds[0];
    throw AccessError.projectRequired(this.projectIds);
  }
}
