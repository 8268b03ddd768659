import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaFields } from './schema-fields.ts';

describe('schemaFields', () => {
  it('lists each field with its type, whether it is required, and its description', () => {
    const schema = z.object({
      id: z.uuid().describe('the id'),
      at: z.iso.datetime(),
      note: z.string().optional(),
      count: z.int(),
      month: z.int().min(1).max(12).nullable(),
      ok: z.boolean(),
    });
    expect(schemaFields(schema)).toEqual([
      { path: 'id', type: 'string (UUID)', required: true, description: 'the id' },
      { path: 'at', type: 'string (ISO 8601 timestamp)', required: true, description: '' },
      { path: 'note', type: 'string', required: false, description: '' },
      { path: 'count', type: 'integer', required: true, description: '' },
      { path: 'month', type: 'integer (1 to 12) or null', required: true, description: '' },
      { path: 'ok', type: 'boolean', required: true, description: '' },
    ]);
  });

  it('spells out short enums and counts long ones', () => {
    const rows = schemaFields(
      z.object({ reason: z.enum(['a', 'b']), kind: z.enum(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']) }),
    );
    expect(rows.map((r) => r.type)).toEqual(['`a`, `b`', 'string, one of 9 values']);
  });

  it('flattens nested objects, named (shared) schemas and arrays of objects into dotted paths', () => {
    const ref = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'DocsTestRef' });
    const schema = z.object({
      from: ref.nullable().describe('where from'),
      lines: z.array(z.object({ sku: z.string() })),
      tags: z.array(z.string()),
      extra: z.record(z.string(), z.unknown()),
    });
    expect(schemaFields(schema)).toEqual([
      { path: 'from', type: 'object or null', required: true, description: 'where from' },
      { path: 'from.id', type: 'string (UUID)', required: true, description: '' },
      { path: 'from.name', type: 'string', required: true, description: '' },
      { path: 'lines', type: 'array of object', required: true, description: '' },
      { path: 'lines[].sku', type: 'string', required: true, description: '' },
      { path: 'tags', type: 'array of string', required: true, description: '' },
      { path: 'extra', type: 'object (free-form)', required: true, description: '' },
    ]);
  });

  it('has no rows for an empty object', () => {
    expect(schemaFields(z.strictObject({}))).toEqual([]);
  });
});
