import {
  ApiToken,
  CreateApiTokenInput,
  CreatedApiToken,
  CreateProjectInput,
  Project,
  Role,
  Viewer,
} from '@driftboard/schema';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiTokenRecord, ProjectRecord } from './access.repository.js';
import type { AccessService } from './access.service.js';
import type { RequestContext } from './request-context.js';

const toProject = (record: ProjectRecord): Project => ({ ...record });

@Resolver()
export class AccessResolver {
  constructor(private readonly service: AccessService) {}

  /** Tokens with their projects (every project for ADMIN), from one read of the project table. */
  private async toApiTokens(records: ApiTokenRecord[]): Promise<ApiToken[]> {
    const projects = (await this.service.allProjects()).map(toProject);
    return records.map((record) => ({
      ...record,
      projects:
        record.role === Role.ADMIN ? projects : projects.filter((p) => record.projectIds.includes(p.id)),
    }));
  }

  private async toApiToken(record: ApiTokenRecord): Promise<ApiToken> {
    return (await this.toApiTokens([record]))[0];
  }

  @Query(() => Viewer, { description: 'Who this request is: role, token name and visible projects.' })
  async viewer(@Ctx() { access }: RequestContext): Promise<Viewer> {
    return {
      authEnabled: access.authenticated,
      role: access.role,
      tokenName: access.tokenName,
      projects: (await this.service.projects(access)).map(toProject),
    };
  }

  @Query(() => [Project], { description: 'The projects this token sees.' })
  async projects(@Ctx() { access }: RequestContext): Promise<Project[]> {
    return (await this.service.projects(access)).map(toProject);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Project)
  async createProject(@Arg('input', () => CreateProjectInput) input: CreateProjectInput): Promise<Project> {
    return toProject(await this.service.createProject(input.name));
  }

  @Authorized(Role.ADMIN)
  @Query(() => [ApiToken], { description: 'Every token, revoked ones too (admins only).' })
  async apiTokens(): Promise<ApiToken[]> {
    return this.toApiTokens(await this.service.tokens());
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedApiToken, {
    description: 'Creates a token; its secret is in the answer and nowhere else.',
  })
  async createApiToken(
    @Arg('input', () => CreateApiTokenInput) input: CreateApiTokenInput,
  ): Promise<CreatedApiToken> {
    const { token, secret } = await this.service.createToken(input);
    return { token: await this.toApiToken(token), secret };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiToken, { description: 'Revokes a token at once on this server, within 10 s on others.' })
  async revokeApiToken(@Arg('id', () => ID) id: string): Promise<ApiToken> {
    return this.toApiToken(await this.service.revokeToken(id));
  }
}
