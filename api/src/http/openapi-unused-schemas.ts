import type { OpenAPIV3_1 } from 'openapi-types';

// The zod generator emits every registered schema twice, as read (`X`) and as written
// (`XInput`), whether or not any operation uses it. Client generators turn each component into a
// type, so the ones nothing reaches only mislead: the document keeps the schemas its paths and
// other components reach, directly or through other schemas.

const SCHEMA_REF = '#/components/schemas/';

/** The document without the component schemas nothing outside them reaches. */
export function withoutUnusedSchemas(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const reached = new Set<string>();
  const pending = schemaRefs({ ...document, components: { ...document.components, schemas: undefined } });
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name) || !Object.hasOwn(schemas, name)) continue;
    reached.add(name);
    pending.push(...schemaRefs(schemas[name]));
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } };
}

/** The component schema names a value refers to, anywhere inside it. */
function schemaRefs(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' && child.startsWith(SCHEMA_REF)
      ? [decodeURIComponent(child.slice(SCHEMA_REF.length)).replaceAll('~1', '/').replaceAll('~0', '~')]
      : schemaRefs(child),
  );
}
