import { lexicographicSortSchema, printSchema } from 'graphql';
import { ResolverContainer } from './container.js';
import { buildApiSchema } from './build-schema.js';
import { createApiPubSub } from './pub-sub.js';

/** The API schema as SDL, sorted so that the committed file only changes when the API does. */
export async function printApiSchema(): Promise<string> {
  const schema = await buildApiSchema(new ResolverContainer(), createApiPubSub());
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
