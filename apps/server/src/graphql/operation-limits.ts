import {
  getNullableType,
  GraphQLError,
  GraphQLList,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from './app-error.js';

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
}

/** What a list field without a size argument is assumed to hold. */
const ASSUMED_LIST_SIZE = 10;

/**
 * Cost of a field: 1 plus its selection's cost times how many items it can
 * return. `first` sizes a connection (its `edges` then count once), runIds ×
 * keys size metricSeries (plus 2 × maxPoints a series when it selects
 * `points`), runIds sizes compareRuns; other lists count as ASSUMED_LIST_SIZE items.
 */
const listSizeEstimator: ComplexityEstimator = ({ field, args, node, childComplexity }) => {
  const items = (name: string) => (Array.isArray(args[name]) ? (args[name] as unknown[]).length : 1);
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(1, args.first);
  if (Array.isArray(args.runIds)) {
    // `points` is one object per point (up to maxPoints a series): priced as such, unlike the flat arrays.
    const selectsPoints = node.selectionSet?.selections.some(
      (selection) => selection.kind === Kind.FIELD && selection.name.value === 'points',
    );
    const pointsPerSeries = selectsPoints && typeof args.maxPoints === 'number' ? 2 * args.maxPoints : 0;
    return 1 + (childComplexity + pointsPerSeries) * items('runIds') * items('keys');
  }
  if (field.name === 'edges' || field.name === 'nodes') return 1 + childComplexity;
  if (getNullableType(field.type) instanceof GraphQLList) return 1 + childComplexity * ASSUMED_LIST_SIZE;
  return undefined;
};

function depthOf(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visited: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(
        deepest,
        selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, visited) : 1,
      );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visited));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment spreading itself is rejected by validation; don't loop on it here.
      if (!fragment || visited.has(name)) continue;
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set([...visited, name])));
    }
  }
  return deepest;
}

/** The nesting depth of the selected operation (or the deepest one, when none is named). */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let deepest = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && definition.name?.value !== operationName) continue;
    deepest = Math.max(deepest, depthOf(definition.selectionSet, fragments, new Set()));
  }
  return deepest;
}

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [listSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * Refuses operations nested deeper or estimated costlier than the limits,
 * before anything runs: over HTTP (an Apollo plugin) and WebSocket alike.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  limits: OperationLimits,
): GraphQLError | undefined {
  const depth = operationDepth(document, operationName);
  if (depth > limits.maxDepth) {
    return new GraphQLError(
      `query is nested ${depth} levels deep; the limit is ${limits.maxDepth} (DRIFTBOARD_MAX_QUERY_DEPTH): select fewer nested fields`,
      { extensions: { code: ErrorCode.QUERY_TOO_DEEP, depth, maxDepth: limits.maxDepth } },
    );
  }
  let cost: number;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch {
    return undefined; // invalid variables or operation: GraphQL's own validation says what is wrong
  }
  if (cost > limits.maxCost) {
    return new GraphQLError(
      `query costs an estimated ${cost}; the limit is ${limits.maxCost} (DRIFTBOARD_MAX_QUERY_COST): ask for fewer items (smaller first, fewer runIds or keys) or fewer fields`,
      { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, cost, maxCost: limits.maxCost } },
    );
  }
  return undefined;
}
