import type { OpenAPIV3_1 } from 'openapi-types';
import { BODY_JSON_LIMITS, NUL_CHARACTER } from '@loyalty/shared';
import { CONTROL_CHARACTER } from './input-guards.ts';

// The input guards (input-guards.ts) refuse, for every route and before any schema, a NUL in any
// string or key of a JSON body and a control character in any path segment or query value. This
// states them in the document where they apply, from the very expressions that enforce them:
// each string a body or URL may carry gets `not: { pattern }` of the characters it cannot hold.
// Strings that are an enum, a constant, a UUID or that have a pattern of their own (every pattern
// we write leaves NUL out) already say what they hold.

type Schema = OpenAPIV3_1.SchemaObject & OpenAPIV3_1.ReferenceObject & Record<string, unknown>;
type Where = 'body' | 'url';

const BARRED: Record<Where, string> = { body: NUL_CHARACTER.source, url: CONTROL_CHARACTER.source };

export const BODY_LIMITS_NOTE =
  `a JSON body nests at most ${BODY_JSON_LIMITS.maxDepth} levels and holds at most ` +
  `${BODY_JSON_LIMITS.maxNodes} keys and elements in all; no string or key holds NUL (\\u0000) or a lone surrogate`;

const isString = (s: Schema) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

function saysWhatItHolds(s: Schema, where: Where): boolean {
  if (s.enum !== undefined || s.const !== undefined || s.format === 'uuid') return true;
  return where === 'body' && typeof s.pattern === 'string';
}

const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SUBSCHEMAS = ['items', 'additionalProperties', 'propertyNames'] as const;

/** The document with the input guards stated on every string a request can carry. */
export function withInputGuards(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const doc = structuredClone(document);
  const components = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const done = new Set<string>();

  function guard(schema: Schema | undefined, where: Where): void {
    if (!schema || typeof schema !== 'object') return;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (done.has(`${where}:${name}`)) return;
      done.add(`${where}:${name}`);
      return guard(components[name], where);
    }
    if (isString(schema) && !saysWhatItHolds(schema, where)) schema.not = { pattern: BARRED[where] };
    // A free-form object's keys are strings of the body too.
    if (where === 'body' && schema.additionalProperties !== undefined && schema.additionalProperties !== false)
      schema.propertyNames = { type: 'string', ...(schema.propertyNames as object | undefined) };
    for (const child of Object.values((schema.properties ?? {}) as Record<string, Schema>)) guard(child, where);
    for (const key of SUBSCHEMAS) guard(schema[key] as Schema | undefined, where);
    for (const key of SUBSCHEMA_LISTS)
      for (const child of (schema[key] as Schema[] | undefined) ?? []) guard(child, where);
  }

  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item ?? {}) as OpenAPIV3_1.OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const p of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[])
        if (p.in === 'path' || p.in === 'query') guard(p.schema as Schema, 'url');
      const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      guard(body?.content?.['application/json']?.schema as Schema | undefined, 'body');
    }
  }
  return doc;
}
