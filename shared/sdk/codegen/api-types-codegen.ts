import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type SchemaObject } from 'openapi-typescript';
import ts from 'typescript';

// The SDK's types come from the committed OpenAPI snapshot and nothing else; generation is
// deterministic so a test can tell a stale generated file from a fresh one.
//
// One adjustment: a schema for "any JSON value" refers to itself, and openapi-typescript writes it
// as a property of `components` that indexes itself, which TypeScript rejects (TS2502,
// openapi-ts/openapi-typescript#1603). Such schemas become the recursive alias `JsonValue`,
// declared at the top of the file, where recursion is allowed.

export const OPENAPI_SNAPSHOT = fileURLToPath(new URL('../../../api/openapi.json', import.meta.url));
export const GENERATED_API_TYPES = fileURLToPath(new URL('../src/generated/api.ts', import.meta.url));
export const REGENERATE_COMMAND = 'npm run sdk:generate';

const HEADER = `${COMMENT_HEADER.trimEnd()}
// Generated from api/openapi.json by \`${REGENERATE_COMMAND}\`.

`;
const JSON_VALUE_ALIAS = 'JsonValue';
const JSON_VALUE_DECLARATION = `export type ${JSON_VALUE_ALIAS} = string | number | boolean | null | ${JSON_VALUE_ALIAS}[] | { [key: string]: ${JSON_VALUE_ALIAS} };`;

/** The TypeScript module for an OpenAPI document given as JSON text. */
export async function generateApiTypes(openapiJson: string): Promise<string> {
  const ast = await openapiTS(openapiJson, {
    silent: true,
    inject: JSON_VALUE_DECLARATION,
    transform: (schema, { path }) =>
      isJsonValueSchema(schema, path) ? ts.factory.createTypeReferenceNode(JSON_VALUE_ALIAS) : undefined,
  });
  return HEADER + astToString(ast);
}

export async function generateFromSnapshot(): Promise<string> {
  return generateApiTypes(await readFile(OPENAPI_SNAPSHOT, 'utf8'));
}

/** anyOf string, number, boolean, null, an array of itself and a record of itself. */
function isJsonValueSchema(schema: SchemaObject, path: string | undefined): boolean {
  const self = path?.match(/^#\/components\/schemas\/[^/]+$/)?.[0];
  if (!self || !('anyOf' in schema) || !Array.isArray(schema.anyOf)) return false;
  const found = new Set(
    schema.anyOf.map((option) => {
      const o = option as Record<string, unknown>;
      const items = o.items as { $ref?: string } | undefined;
      const values = o.additionalProperties as { $ref?: string } | undefined;
      if (o.type === 'array') return items?.$ref === self ? 'array-of-self' : 'other';
      if (o.type === 'object') return values?.$ref === self ? 'record-of-self' : 'other';
      return typeof o.type === 'string' ? o.type : 'other';
    }),
  );
  const expected = ['string', 'number', 'boolean', 'null', 'array-of-self', 'record-of-self'];
  return found.size === expected.length && expected.every((kind) => found.has(kind));
}
