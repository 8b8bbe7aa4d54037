import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { roleAuthChecker } from '../modules/access/auth-checker.js';
import type { ResolverContainer } from './container.js';
import type { ApiPubSub } from './pub-sub.js';
import { RESOLVERS } from './resolvers.js';

/** The API schema from the resolvers and @driftboard/schema's types; input is validated with class-validator. */
export function buildApiSchema(container: ResolverContainer, pubSub: ApiPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    container,
    pubSub,
    authChecker: roleAuthChecker,
    validate: { forbidUnknownValues: false },
  });
}
