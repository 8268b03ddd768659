import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { withoutUnusedSchemas } from './openapi-unused-schemas.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function documentWith(schemas: Record<string, OpenAPIV3_1.SchemaObject>): OpenAPIV3_1.Document {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        post: {
          requestBody: { content: { 'application/json': { schema: ref('ThingInput') } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref('Thing') } } } },
        },
      },
    },
    components: {
      schemas,
      responses: { Failed: { description: 'x', content: { 'application/json': { schema: ref('Error') } } } },
    },
  };
}

describe('withoutUnusedSchemas', () => {
  it('keeps what paths and other components reach, directly or through schemas, in document order', () => {
    const document = documentWith({
      Error: { type: 'object' },
      Thing: { type: 'object', properties: { part: ref('Part') } },
      ThingInput: { type: 'object' },
      Part: { type: 'object', properties: { again: ref('Part'), deeper: ref('Leaf') } },
      Leaf: { type: 'string' },
      Orphan: { type: 'object', properties: { leaf: ref('Leaf'), other: ref('OrphanPart') } },
      OrphanPart: { type: 'string' },
    });
    const kept = withoutUnusedSchemas(document).components?.schemas;
    expect(Object.keys(kept ?? {})).toEqual(['Error', 'Thing', 'ThingInput', 'Part', 'Leaf']);
  });

  it('leaves the rest of the document as it was', () => {
    const document = documentWith({ Error: {}, Thing: {}, ThingInput: {}, Orphan: {} });
    const pruned = withoutUnusedSchemas(document);
    expect(pruned.paths).toBe(document.paths);
    expect(pruned.components?.responses).toBe(document.components?.responses);
    expect(document.components?.schemas).toHaveProperty('Orphan');
  });

  it('reads escaped names in references (JSON pointer and URI escapes)', () => {
    const document = documentWith({
      Error: {},
      Thing: { properties: { a: { $ref: '#/components/schemas/a~1b' }, b: { $ref: '#/components/schemas/c%20d' } } },
      ThingInput: {},
      'a/b': {},
      'c d': {},
    });
    expect(Object.keys(withoutUnusedSchemas(document).components?.schemas ?? {})).toEqual([
      'Error',
      'Thing',
      'ThingInput',
      'a/b',
      'c d',
    ]);
  });
});
