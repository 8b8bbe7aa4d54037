/**
 * Client types from schema.graphql: plain TypeScript (types and enum const objects,
 * no imports), safe for browsers and for Node clients alike. Written to
 * src/client/api-types.ts by `npm run codegen -w @driftboard/schema`;
 * generate-client-types.spec.ts checks the committed file is fresh.
 */
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

/** The committed SDL and the generated file, relative to this module (src/codegen or dist/codegen). */
export const SCHEMA_URL = new URL('../../schema.graphql', import.meta.url);
export const CLIENT_TYPES_URL = new URL('../../src/client/api-types.ts', import.meta.url);

/** Matches .prettierrc.json, so the output is already formatted. */
const PRINT_WIDTH = 110;

const BUILT_IN_SCALARS: Record<string, string> = {
  ID: 'string',
  String: 'string',
  Int: 'number',
  Float: 'number',
  Boolean: 'boolean',
};

/** Custom scalars as they travel in JSON. A new scalar must be added here. */
const CUSTOM_SCALARS: Record<string, string> = {
  DateTime: 'string',
  JSONObject: 'Record<string, unknown>',
};

const HEADER = `// Generated from packages/schema/schema.graphql by packages/schema/src/codegen: do not edit.
// Regenerate with \`npm run codegen -w @driftboard/schema\`.
`;

export function generateClientTypes(sdl: string): string {
  const schema = buildSchema(sdl);
  const types = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unionMembers = new Set(
    types.filter(isUnionType).flatMap((union) => union.getTypes().map((member) => member.name)),
  );

  const sections: string[] = [];
  for (const type of types.filter(isScalarType)) {
    if (type.name in BUILT_IN_SCALARS) continue;
    const ts = CUSTOM_SCALARS[type.name];
    if (!ts) throw new Error(`No TypeScript type for scalar ${type.name}: add it to CUSTOM_SCALARS.`);
    sections.push(`${doc(type.description)}export type ${type.name} = ${ts};\n`);
  }
  for (const type of types.filter(isEnumType)) {
    const values = type.getValues();
    const members = values.map(
      (value) =>
        doc(value.description, value.deprecationReason, '  ') + `  ${value.name}: ${quote(value.value)},\n`,
    );
    sections.push(
      `${doc(type.description)}export const ${type.name} = {\n${members.join('')}} as const;\n` +
        doc(type.description) +
        union(
          `export type ${type.name} =`,
          values.map((value) => quote(value.name)),
        ),
    );
  }
  for (const type of types.filter(isObjectType)) {
    const typename = unionMembers.has(type.name) ? '__typename' : '__typename?';
    const fields = Object.values(type.getFields()).map(outputField);
    sections.push(
      `${doc(type.description)}export interface ${type.name} {\n  ${typename}: ${quote(type.name)};\n${fields.join('')}}\n`,
    );
  }
  for (const type of types.filter(isUnionType)) {
    sections.push(
      doc(type.description, undefined, '', `Discriminated on \`__typename\`.`) +
        union(
          `export type ${type.name} =`,
          type.getTypes().map((member) => member.name),
        ),
    );
  }
  for (const type of types.filter(isInputObjectType)) {
    const fields = Object.values(type.getFields()).map(inputField);
    sections.push(`${doc(type.description)}export interface ${type.name} {\n${fields.join('')}}\n`);
  }
  for (const type of rootTypes(schema)) {
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      sections.push(
        doc(`Arguments of \`${type.name}.${field.name}\`.`) +
          `export interface ${type.name}${capitalize(field.name)}Args {\n${field.args.map(inputField).join('')}}\n`,
      );
    }
  }
  return `${HEADER}\n${sections.join('\n')}`;
}

function rootTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    (type): type is GraphQLObjectType => type != null,
  );
}

function outputField(field: GraphQLField<unknown, unknown>): string {
  const nullable = !isNonNullType(field.type);
  return (
    doc(field.description, field.deprecationReason, '  ') +
    `  ${field.name}${nullable ? '?' : ''}: ${tsType(field.type)};\n`
  );
}

/** An input field or argument: optional when nullable or defaulted (null only when nullable). */
function inputField(field: GraphQLInputField | GraphQLArgument): string {
  const optional = !isNonNullType(field.type) || field.defaultValue !== undefined;
  return (
    doc(field.description, field.deprecationReason, '  ') +
    `  ${field.name}${optional ? '?' : ''}: ${tsType(field.type)};\n`
  );
}

/** The TypeScript for a GraphQL type reference: nullable → `T | null`, lists → `T[]`. */
function tsType(type: GraphQLType): string {
  if (isNonNullType(type)) return nonNull(type.ofType);
  return `${nonNull(type)} | null`;
}

function nonNull(type: GraphQLType): string {
  if (isNonNullType(type)) return nonNull(type.ofType);
  if (isListType(type)) {
    const item = tsType(type.ofType);
    return isNonNullType(type.ofType) ? `${item}[]` : `(${item})[]`;
  }
  return named(type);
}

function named(type: GraphQLNamedType): string {
  return BUILT_IN_SCALARS[type.name] ?? type.name;
}

/** `head A | B` on one line when it fits, else one `| member` per line, as Prettier prints it. */
function union(head: string, members: string[]): string {
  const line = `${head} ${members.join(' | ')};`;
  if (line.length <= PRINT_WIDTH) return `${line}\n`;
  return `${head}\n${members.map((member) => `  | ${member}`).join('\n')};\n`;
}

function doc(
  description: string | null | undefined,
  deprecationReason?: string | null,
  indent = '',
  extra?: string,
): string {
  const lines = [
    ...(description ? description.split('\n') : []),
    ...(extra ? [extra] : []),
    ...(deprecationReason != null ? [`@deprecated ${deprecationReason}`] : []),
  ].map((line) => line.replaceAll('*/', '*\\/').trimEnd());
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}\n`).join('')}${indent} */\n`;
}

function quote(value: unknown): string {
  return `'${String(value).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
