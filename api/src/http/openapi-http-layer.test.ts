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
      get: { operationId: 'listThings', responses: { '200': ok, '429': ok } },
      post: { operationId: 'createThing', requestBody: { content: {} }, responses: { '201': ok, '400': ok } },
    },
    '/v1/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': ok },
      },
    },
  },
};
const decorated = withHttpLayer(document, { idempotent: new Set(['createThing']) });
const op = (path: string, method: 'get' | 'post') => decorated.paths![path]![method]!;
const headersOf = (path: string, method: 'get' | 'post', status: string) =>
  Object.keys((op(path, method).responses![status] as OpenAPIV3_1.ResponseObject).headers ?? {});

describe('withHttpLayer', () => {
  it('takes an Idempotency-Key on idempotent operations only, and marks their replayed successes', () => {
    expect(op('/v1/things', 'post').parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
    expect(op('/v1/things', 'get').parameters).toBeUndefined();
    expect(headersOf('/v1/things', 'post', '201')).toContain('idempotent-replayed');
    expect(headersOf('/v1/things', 'post', '400')).not.toContain('idempotent-replayed');
  });

  it('declares x-request-id on every response and the rate-limit headers on successes and 429', () => {
    expect(headersOf('/v1/things', 'post', '400')).toEqual(['x-request-id']);
    expect(headersOf('/v1/things', 'get', '200')).toEqual(
      expect.arrayContaining(['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']),
    );
    expect(headersOf('/v1/things', 'get', '429')).toContain('retry-after');
  });

  it('adds 413 and 415 where there is a body and 414 where there are path parameters, in status order', () => {
    expect(Object.keys(op('/v1/things', 'post').responses!)).toEqual(['201', '400', '413', '415']);
    expect(Object.keys(op('/v1/things/{id}', 'get').responses!)).toEqual(['200', '414']);
    expect(Object.keys(op('/v1/things', 'get').responses!)).toEqual(['200', '429']);
  });

  it('refers only to components it declares', () => {
    expect(unresolvedReferences(decorated)).toEqual([]);
  });
});
