/**
 * @driftboard/schema — the GraphQL contract's types as type-graphql classes.
 * API shapes only: no database, no resolvers. The server adds resolvers and
 * emits `schema.graphql` from them.
 */
import 'reflect-metadata';

export * from './enums.js';
export * from './types/dataset.type.js';
export * from './types/quality-profile.type.js';
export * from './types/source-model.type.js';
export * from './types/strategy.type.js';
export * from './types/run.type.js';
export * from './types/metrics.type.js';
export * from './types/run-event.type.js';
export * from './types/sweep.type.js';
export * from './types/access.type.js';
export * from './types/alert.type.js';
export * from './inputs/inputs.js';
