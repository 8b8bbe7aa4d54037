/** `npm run codegen -w @driftboard/schema`: writes src/client/api-types.ts from schema.graphql. */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLIENT_TYPES_URL, SCHEMA_URL, generateClientTypes } from './generate-client-types.js';

const output = generateClientTypes(await readFile(SCHEMA_URL, 'utf8'));
await writeFile(CLIENT_TYPES_URL, output);
console.log(`wrote ${fileURLToPath(CLIENT_TYPES_URL)}`);
