import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { withInputGuards } from './openapi-input-guards.ts';

const NUL = { pattern: '[\\u0000]' };
const CONTROLS = { pattern: '[\\u0000-\\u001f\\u007f]' };

const document = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  components: {
    schemas: {
      Note: { type: 'object', properties: { text: { type: 'string' } } },
      Kind: { type: 'string', enum: ['a', 'b'] },
    },
  },
  paths: {
    '/v1/things/{id}/{code}': {
      post: {
        operationId: 'createThing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[^\\u0000]+$' } },
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 10 } },
          { name: 'x-trace', in: 'header', schema: { type: 'string' } },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  slug: { type: 'string', pattern: '^[a-z]+$' },
                  kind: { $ref: '#/components/schemas/Kind' },
                  notes: { type: 'array', items: { $ref: '#/components/schemas/Note' } },
                  metadata: {
                    type: 'object',
                    additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] },
                  },
                },
                additionalProperties: false,
              },
            },
          },
        },
        responses: { '201': { description: 'ok' } },
      },
    },
  },
} as unknown as OpenAPIV3_1.Document;

const guarded = withInputGuards(document);
const op = guarded.paths!['/v1/things/{id}/{code}']!.post!;
const body = (op.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']!.schema as {
  properties: Record<string, Record<string, unknown>>;
};
const param = (name: string) =>
  (op.parameters as OpenAPIV3_1.ParameterObject[]).find((p) => p.name === name)!.schema as Record<string, unknown>;

describe('withInputGuards', () => {
  it('bars NUL from every string and key of a body that has no pattern, enum or UUID format of its own', () => {
    expect(body.properties.name!.not).toEqual(NUL);
    expect(body.properties.slug!.not).toBeUndefined();
    const metadata = body.properties.metadata!;
    expect(metadata.propertyNames).toEqual({ type: 'string', not: NUL });
    expect((metadata.additionalProperties as { anyOf: Record<string, unknown>[] }).anyOf[0]!.not).toEqual(NUL);
  });

  it('follows references into the components', () => {
    const schemas = guarded.components!.schemas! as Record<string, Record<string, unknown>>;
    expect((schemas.Note!.properties as Record<string, Record<string, unknown>>).text!.not).toEqual(NUL);
    expect(schemas.Kind!.not).toBeUndefined();
  });

  it('bars control characters from path and query strings, patterns or not, but not from UUIDs or headers', () => {
    expect(param('q').not).toEqual(CONTROLS);
    expect(param('code').not).toEqual(CONTROLS);
    expect(param('id').not).toBeUndefined();
    expect(param('x-trace').not).toBeUndefined();
  });

  it('leaves the document it was given as it was', () => {
    expect(JSON.stringify(document)).not.toContain('u001f');
  });
});
