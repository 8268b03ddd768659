import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { withHttpLayer } from './openapi-http-layer.ts';
import { unresolvedReferences } from './openapi-references.ts';

const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' as const } } } };
const document: OpenAPIV3_1.Document = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  components: { schemas: { Error: { type: 'object' } } },
  paths: {
    '/v1/things': {
      get: {
        operationId: 'listThings',
        parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 200 } }],
        responses: { '200': ok, '429': ok },
      },
      post: {
        operationId: 'createThing',
        requestBody: { content: {} },
        responses: { '201': ok, '400': ok, '409': { ...ok, description: 'the name is taken' } },
      },
    },
    '/v1/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': ok },
      },
    },
    '/v1/login': {
      post: { operationId: 'logIn', requestBody: { content: {} }, responses: { '200': ok, '401': ok } },
    },
  },
};
const decorated = withHttpLayer(document, { idempotent: new Set(['createThing']), public: new Set(['logIn']) });
const op = (path: string, method: 'get' | 'post') => decorated.paths![path]![method]!;
const response = (path: string, method: 'get' | 'post', status: string) =>
  op(path, method).responses![status] as OpenAPIV3_1.ResponseObject & OpenAPIV3_1.ReferenceObject;
const headersOf = (path: string, method: 'get' | 'post', status: string) =>
  Object.keys(response(path, method, status).headers ?? {});

describe('withHttpLayer', () => {
  it('takes an Idempotency-Key on idempotent operations only, and marks their replayed successes', () => {
    expect(op('/v1/things', 'post').parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
    expect(op('/v1/things', 'get').parameters).toHaveLength(1);
    expect(headersOf('/v1/things', 'post', '201')).toContain('idempotent-replayed');
    expect(headersOf('/v1/things', 'post', '400')).not.toContain('idempotent-replayed');
  });

  it('declares x-request-id on every response and the rate-limit headers on successes and 429', () => {
    expect(headersOf('/v1/things', 'post', '400')).toEqual(['x-request-id']);
    expect(headersOf('/v1/things', 'get', '200')).toEqual(
      expect.arrayContaining(['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']),
    );
    expect(headersOf('/v1/things', 'get', '429')).toContain('retry-after');
    const tooMany = decorated.components!.responses!.TooManyRequests as OpenAPIV3_1.ResponseObject;
    expect(Object.keys(tooMany.headers!)).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
  });

  it('derives the error statuses from what each operation declares, in status order', () => {
    // Authenticated, idempotent, with a body: credentials, a reused key, a body too large or of another type.
    expect(Object.keys(op('/v1/things', 'post').responses!)).toEqual([
      ...['201', '400', '401', '403', '409', '413', '415', '429'],
    ]);
    // A path parameter: what it names may not exist, and may be too long.
    expect(Object.keys(op('/v1/things/{id}', 'get').responses!)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '414',
      '429',
    ]);
    // Nothing to find, no key: no 404, no 409.
    expect(Object.keys(op('/v1/things', 'get').responses!)).toEqual(['200', '400', '401', '403', '429']);
    // Public: no credential is checked, so neither 401 nor 403 unless the route declares it.
    expect(Object.keys(op('/v1/login', 'post').responses!)).toEqual(['200', '400', '401', '413', '415', '429']);
    expect(response('/v1/things/{id}', 'get', '404').$ref).toBe('#/components/responses/NotFound');
  });

  it("keeps a route's own error response, and adds the reused key to its 409", () => {
    expect(response('/v1/login', 'post', '401').$ref).toBeUndefined();
    expect(response('/v1/things', 'post', '400').description).toBe('ok');
    expect(response('/v1/things', 'post', '409').description).toMatch(
      /^the name is taken; or .*idempotency_key_reused/,
    );
  });

  it('states that a cursor is opaque: only a nextCursor the API returned', () => {
    const cursor = (op('/v1/things', 'get').parameters![0] as OpenAPIV3_1.ParameterObject).schema as Record<
      string,
      unknown
    >;
    expect(cursor).toMatchObject({ type: 'string', maxLength: 200, 'x-issued-as': 'nextCursor' });
    expect(cursor.description).toMatch(/^opaque/);
  });

  it('refers only to components it declares', () => {
    expect(unresolvedReferences(decorated)).toEqual([]);
  });
});
