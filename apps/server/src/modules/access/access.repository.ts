import type { Role } from '@driftboard/schema';
import { In, IsNull, type DataSource } from 'typeorm';
import { isUuid } from '../../database/uuid.js';
import { ApiTokenEntity, ProjectEntity } from './access.entity.js';

export interface ProjectRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  projectIds: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toToken = (entity: ApiTokenEntity): ApiTokenRecord => ({
  id: entity.id,
  name: entity.name,
  role: entity.role as Role,
  prefix: entity.prefix,
  projectIds: entity.projectIds,
  createdAt: entity.createdAt,
  lastUsedAt: entity.lastUsedAt,
  revokedAt: entity.revokedAt,
});

export class AccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get projects() {
    return this.dataSource.getRepository(ProjectEntity);
  }

  private get tokens() {
    return this.dataSource.getRepository(ApiTokenEntity);
  }

  async listProjects(ids: readonly string[] | null): Promise<ProjectRecord[]> {
    if (ids === null) return this.projects.find({ order: { name: 'ASC' } });
    if (ids.length === 0) return [];
    return this.projects.find({ where: { id: In([...ids]) }, order: { name: 'ASC' } });
  }

  async findProject(id: string): Promise<ProjectRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return (await this.projects.findOneBy({ id })) ?? undefined;
  }

  async findProjectByName(name: string): Promise<ProjectRecord | undefined> {
    return (await this.projects.findOneBy({ name })) ?? undefined;
  }

  async createProject(name: string): Promise<ProjectRecord> {
    return this.projects.save(this.projects.create({ name }));
  }

  async listTokens(): Promise<ApiTokenRecord[]> {
    return (await this.tokens.find({ order: { createdAt: 'ASC' } })).map(toToken);
  }

  async findToken(id: string): Promise<ApiTokenRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const entity = await this.tokens.findOneBy({ id });
    return entity ? toToken(entity) : undefined;
  }

  /** The live (not revoked) token with this secret hash. */
  async findActiveTokenByHash(secretHash: string): Promise<ApiTokenRecord | undefined> {
    const entity = await this.tokens.findOneBy({ secretHash, revokedAt: IsNull() });
    return entity ? toToken(entity) : undefined;
  }

  async countActiveTokens(): Promise<number> {
    return this.tokens.countBy({ revokedAt: IsNull() });
  }

  async createToken(token: {
    name: string;
    role: Role;
    secretHash: string;
    prefix: string;
    projectIds: string[];
  }): Promise<ApiTokenRecord> {
    return toToken(await this.tokens.save(this.tokens.create(token)));
  }

  async revokeToken(id: string): Promise<ApiTokenRecord | undefined> {
    await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return this.findToken(id);
  }

  async touchToken(id: string): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: () => 'now()' });
  }
}
