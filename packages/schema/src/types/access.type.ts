import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../enums.js';

@ObjectType({
  description:
    'Runs, sweeps, imported datasets and quality profiles belong to a project; a token sees only its own.',
})
export class Project {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType({
  description: 'An API token. Its secret is shown once, when it is created, and stored only as a hash.',
})
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { description: 'The first characters of the secret, to tell tokens apart.' })
  prefix!: string;

  @Field(() => [Project], { description: 'The projects it may see; every project for ADMIN.' })
  projects!: Project[];

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field(() => ApiToken)
  token!: ApiToken;

  @Field(() => String, {
    description: 'Send as `Authorization: Bearer <secret>`. Shown only now: the server keeps a hash.',
  })
  secret!: string;
}

@ObjectType({ description: 'Who is asking: the token of this request, or the open local mode.' })
export class Viewer {
  @Field(() => Boolean, { description: 'False when the server runs without tokens (loopback only).' })
  authEnabled!: boolean;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: "The token's name; null without auth." })
  tokenName!: string | null;

  @Field(() => [Project], { description: 'The projects this viewer sees.' })
  projects!: Project[];
}
