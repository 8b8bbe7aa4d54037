import { createHash, randomBytes } from 'node:crypto';
import { Role } from '@driftboard/schema';
import { Access, type ProjectDirectory } from './access.js';
import { AccessError } from './access.errors.js';
import type { AccessRepository, ApiTokenRecord, ProjectRecord } from './access.repository.js';

/** Secrets look like `dbt_` + 43 base64url characters (256 random bits). */
const SECRET_PREFIX = 'dbt_';
/** A token's rows are read at most this often per API server; a revocation elsewhere takes this long. */
const TOKEN_CACHE_MS = 10_000;
/** last_used_at is written at most once a minute per token, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface NewToken {
  name: string;
  role: Role;
  projectIds?: string[];
}

export class AccessService implements ProjectDirectory {
  private readonly cache = new Map<string, { token: ApiTokenRecord | undefined; until: number }>();
  private readonly touchedAt = new Map<string, number>();

  constructor(private readonly repository: AccessRepository) {}

  /** The access a bearer secret grants; throws UNAUTHENTICATED for an unknown or revoked one. */
  async authenticate(secret: string): Promise<Access> {
    const hash = hashSecret(secret);
    const now = Date.now();
    let cached = this.cache.get(hash);
    if (!cached || cached.until < now) {
      cached = { token: await this.repository.findActiveTokenByHash(hash), until: now + TOKEN_CACHE_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, cached);
    }
    const token = cached.token;
    if (!token) throw AccessError.invalidToken();
    if ((this.touchedAt.get(token.id) ?? 0) + TOUCH_INTERVAL_MS < now) {
      this.touchedAt.set(token.id, now);
      void this.repository.touchToken(token.id).catch(() => undefined);
    }
    return Access.forToken(token);
  }

  async projectForNewRow(access: Access, requested: string | undefined | null): Promise<string> {
    const projectId = access.projectForNewRow(requested);
    if (requested && !(await this.repository.findProject(projectId)))
      throw AccessError.projectNotVisible(requested);
    return projectId;
  }

  async countActiveTokens(): Promise<number> {
    return this.repository.countActiveTokens();
  }

  async projects(access: Access): Promise<ProjectRecord[]> {
    return this.repository.listProjects(access.visibleProjectIds);
  }

  async allProjects(): Promise<ProjectRecord[]> {
    return this.repository.listProjects(null);
  }

  async createProject(name: string): Promise<ProjectRecord> {
    if (await this.repository.findProjectByName(name)) throw AccessError.projectNameTaken(name);
    return this.repository.createProject(name);
  }

  /** Finds projects by id or name (the CLI takes names). */
  async resolveProjects(idsOrNames: string[]): Promise<ProjectRecord[]> {
    const found: ProjectRecord[] = [];
    const missing: string[] = [];
    for (const key of idsOrNames) {
      const project =
        (await this.repository.findProject(key)) ?? (await this.repository.findProjectByName(key));
      if (project) found.push(project);
      else missing.push(key);
    }
    if (missing.length) throw AccessError.unknownProjects(missing);
    return found;
  }

  async tokens(): Promise<ApiTokenRecord[]> {
    return this.repository.listTokens();
  }

  /** Creates a token; its secret is returned once and only its hash is stored. */
  async createToken(input: NewToken): Promise<{ token: ApiTokenRecord; secret: string }> {
    const projects = await this.resolveProjects(input.projectIds ?? []);
    if (input.role !== Role.ADMIN && projects.length === 0) throw AccessError.projectsRequired(input.role);
    const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
    const token = await this.repository.createToken({
      name: input.name,
      role: input.role,
      secretHash: hashSecret(secret),
      prefix: secret.slice(0, SECRET_PREFIX.length + 6),
      projectIds: input.role === Role.ADMIN ? [] : projects.map((p) => p.id),
    });
    return { token, secret };
  }

  async revokeToken(id: string): Promise<ApiTokenRecord> {
    const token = await this.repository.revokeToken(id);
    if (!token) throw AccessError.tokenNotFound(id);
    this.cache.clear(); // this server stops honouring it at once; others within TOKEN_CACHE_MS
    return token;
  }
}
