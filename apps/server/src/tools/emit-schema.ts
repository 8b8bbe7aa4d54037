import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printApiSchema } from '../graphql/print-schema.js';

/** `npm run codegen -w @driftboard/server`: writes packages/schema/schema.graphql from the resolvers. */
export const SCHEMA_FILE = fileURLToPath(
  new URL('../../../../packages/schema/schema.graphql', import.meta.url),
);

await writeFile(SCHEMA_FILE, await printApiSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
