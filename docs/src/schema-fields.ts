import { z } from 'zod';

// A zod object schema as the rows of a field table (path, type, required, description), read
// from its JSON Schema so every zod type renders the way the OpenAPI document shows it.
// Nested objects are flattened into dotted paths (`from.id`); arrays of objects into `[]` paths.

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  description?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

const FORMATS: Record<string, string> = { uuid: 'UUID', 'date-time': 'ISO 8601 timestamp', date: 'date' };
const MAX_LISTED_VALUES = 8;

export function schemaFields(schema: z.ZodType): FieldRow[] {
  const root = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const defs = root.$defs ?? {};
  const resolve = (s: JsonSchema): JsonSchema => {
    if (!s.$ref) return s;
    const name = s.$ref.replace('#/$defs/', '');
    const target = defs[name];
    if (!target) throw new Error(`unresolved reference ${s.$ref}`);
    return { ...target, description: s.description ?? target.description };
  };

  const rows: FieldRow[] = [];
  const walk = (object: JsonSchema, prefix: string) => {
    const required = new Set(object.required ?? []);
    for (const [name, raw] of Object.entries(object.properties ?? {})) {
      const field = resolve(raw);
      const path = prefix + name;
      const { type, nested } = describeType(field, resolve);
      rows.push({ path, type, required: required.has(name), description: field.description ?? '' });
      if (nested) walk(nested.schema, `${path}${nested.suffix}.`);
    }
  };
  walk(resolve(root), '');
  return rows;
}

/** A field's type in words, and the object inside it whose fields get rows of their own. */
function describeType(
  s: JsonSchema,
  resolve: (s: JsonSchema) => JsonSchema,
): { type: string; nested?: { schema: JsonSchema; suffix: string } } {
  const variants = s.anyOf?.map(resolve);
  if (variants) {
    const nullable = variants.some((v) => v.type === 'null');
    const others = variants.filter((v) => v.type !== 'null');
    const described = others.map((v) => describeType(v, resolve));
    const type = described.map((d) => d.type).join(' or ') + (nullable ? ' or null' : '');
    return described.length === 1 && described[0]!.nested ? { type, nested: described[0]!.nested } : { type };
  }
  if (Array.isArray(s.type)) {
    const nullable = s.type.includes('null');
    const base = s.type.filter((t) => t !== 'null');
    return {
      type: base.map((t) => describeType({ ...s, type: t }, resolve).type).join(' or ') + (nullable ? ' or null' : ''),
    };
  }
  if (s.enum) {
    if (s.enum.length > MAX_LISTED_VALUES) return { type: `string, one of ${s.enum.length} values` };
    return { type: s.enum.map((v) => `\`${String(v)}\``).join(', ') };
  }
  if (s.const !== undefined) return { type: `\`${String(s.const)}\`` };
  switch (s.type) {
    case 'string':
      return { type: s.format && FORMATS[s.format] ? `string (${FORMATS[s.format]})` : 'string' };
    case 'integer':
    case 'number':
      return { type: withRange(s.type, s) };
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const items = s.items ? resolve(s.items) : {};
      const inner = describeType(items, resolve);
      return {
        type: `array of ${inner.type}`,
        ...(inner.nested ? { nested: { schema: inner.nested.schema, suffix: `[]${inner.nested.suffix}` } } : {}),
      };
    }
    case 'object':
      if (s.properties && Object.keys(s.properties).length > 0)
        return { type: 'object', nested: { schema: s, suffix: '' } };
      return { type: 'object (free-form)' };
    default:
      return { type: 'any JSON value' };
  }
}

// zod's z.int() says ±2^53-1; that is "an integer", not a range worth printing.
function withRange(type: string, s: JsonSchema): string {
  const min = s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER ? s.minimum : undefined;
  const max = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
  if (min === undefined && max === undefined) return type;
  return `${type} (${min ?? '…'} to ${max ?? '…'})`;
}
