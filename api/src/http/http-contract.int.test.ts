import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Fastify from 'fastify';
import { buildApp } from '../app.ts';
import { createPool } from '../db/pool.ts';
import { registerAuth } from '../modules/auth/auth.plugin.ts';
import { createFailureThrottle } from '../modules/auth/failure-throttle.ts';
import {
  apiKey,
  createTestApp,
  errorCode,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
} from '../testing/test-app.ts';

// The HTTP contract: bad input of every kind gets a specific 4xx with the error shape and writes
// nothing; a property test throws random input at every operation of the OpenAPI document.

let t: TestApp;
let tenant: TenantSession;
let memberId: string;
let programId: string;

beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: String(64 * 1024) });
  tenant = await onboard(t.app);
  programId = await program(t.app, tenant.auth);
  memberId = await member(t.app, tenant.auth, programId);
});
afterAll(() => t?.close());

const TABLES = [
  'tenants',
  'users',
  'api_keys',
  'programs',
  'members',
  'postings',
  'ledger_entries',
  'point_buckets',
  'outbox',
  'idempotency_keys',
  'audit_log',
  'custom_roles',
];
async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES)
    out[table] = (await t.ownerPool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return out;
}

const earnUrl = () => `/v1/members/${memberId}/points/earn`;
const raw = (payload: string, contentType = 'application/json') =>
  t.app.inject({ method: 'POST', url: earnUrl(), headers: { ...tenant.auth, 'content-type': contentType }, payload });

describe('bad input', () => {
  it.each([
    ['malformed JSON', () => raw('{"points": 5'), 400, 'malformed_json'],
    ['an empty JSON body', () => raw(''), 400, 'malformed_json'],
    [
      'a non-JSON content type',
      () => raw('points=5', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    ],
    ['a huge body', () => raw(JSON.stringify({ points: 5, reason: 'x'.repeat(70 * 1024) })), 413, 'payload_too_large'],
    ['negative points', () => raw('{"points": -5}'), 400, 'validation_failed'],
    ['zero points', () => raw('{"points": 0}'), 400, 'validation_failed'],
    ['fractional points', () => raw('{"points": 1.5}'), 400, 'validation_failed'],
    ['points as a string', () => raw('{"points": "5"}'), 400, 'validation_failed'],
    ['points beyond the cap', () => raw('{"points": 1e15}'), 400, 'validation_failed'],
    ['an unknown field', () => raw('{"points": 5, "bonus": 1}'), 400, 'validation_failed'],
    ['an array body', () => raw('[5]'), 400, 'validation_failed'],
    ['a null body', () => raw('null'), 400, 'validation_failed'],
    ['a prototype-pollution key', () => raw('{"points": 5, "__proto__": {"admin": true}}'), 400, 'malformed_json'],
    [
      'a malformed id in the path',
      () =>
        t.app.inject({
          method: 'POST',
          url: '/v1/members/not-a-uuid/points/earn',
          headers: tenant.auth,
          payload: { points: 5 },
        }),
      400,
      'validation_failed',
    ],
    [
      'an unknown member',
      () =>
        t.app.inject({
          method: 'POST',
          url: `/v1/members/${randomUUID()}/points/earn`,
          headers: tenant.auth,
          payload: { points: 5 },
        }),
      404,
      'not_found',
    ],
    [
      'an invalid currency',
      () =>
        t.app.inject({
          method: 'POST',
          url: '/v1/programs',
          headers: tenant.auth,
          payload: { name: 'P', currency: 'EUX', timezone: 'UTC' },
        }),
      400,
      'validation_failed',
    ],
    [
      'an invalid time zone',
      () =>
        t.app.inject({
          method: 'POST',
          url: '/v1/programs',
          headers: tenant.auth,
          payload: { name: 'P', currency: 'EUR', timezone: 'Mars/Olympus' },
        }),
      400,
      'validation_failed',
    ],
    [
      'a query parameter out of range',
      () => t.app.inject({ method: 'GET', url: `/v1/members/${memberId}/postings?limit=100000`, headers: tenant.auth }),
      400,
      'validation_failed',
    ],
  ])('%s gets a specific 4xx and writes nothing', async (_name, send, status, code) => {
    const before = await rowCounts();
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(errorCode(res)).toBe(code);
    expect(await rowCounts()).toEqual(before);
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: tenant.auth });
  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: tenant.auth, payload: payload as object });
  const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  it.each([
    ['a NUL in a metadata value', () => raw('{"points": 5, "metadata": {"note": "a\\u0000b"}}')],
    ['a NUL in a metadata key', () => raw('{"points": 5, "metadata": {"k\\u0000": 1}}')],
    ['a lone surrogate in metadata', () => raw('{"points": 5, "metadata": {"note": "\\ud800"}}')],
    ['a lone low surrogate in a key', () => raw('{"points": 5, "metadata": {"\\udc00": 1}}')],
    ['metadata nested 5,000 levels deep', () => raw(`{"points": 5, "metadata": ${nested(5_000)}}`)],
    ['metadata nested 20 levels deep', () => raw(`{"points": 5, "metadata": ${nested(20)}}`)],
    [
      'a NUL on a redeem',
      () => post(`/v1/members/${memberId}/points/redeem`, { points: 1, metadata: { x: 'a\u0000' } }),
    ],
    [
      "a NUL in a member's attributes",
      () => post(`/v1/programs/${programId}/members`, { externalId: 'nul-1', attributes: { a: 'x\u0000' } }),
    ],
    ['a NUL in a query parameter', () => get('/v1/audit-log?action=a%00b')],
    ['a NUL in entityType', () => get('/v1/audit-log?entityType=a%00b')],
    ['a NUL in entityId', () => get('/v1/audit-log?entityId=a%00b')],
    ['a NUL in a path parameter', () => get(`/v1/programs/${programId}/members/by-external-id/a%00b`)],
    ['a control character in a path parameter', () => get(`/v1/programs/${programId}/members/by-external-id/a%07b`)],
    ['a time-zone offset no zone has', () => get(`/v1/members/${memberId}/postings?from=2026-01-01T00:00:00%2B18:28`)],
  ])('%s is a 400 with the error shape and writes nothing', async (_name, send) => {
    const before = await rowCounts();
    const res = await send();
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(await rowCounts()).toEqual(before);
  });

  it('points at the offending key in a deep body', async () => {
    const res = await raw('{"points": 5, "metadata": {"order": {"lines": [{"sku": "a\\u0000"}]}}}');
    expect(res.json().error.details.issues[0]).toMatchObject({ in: 'body', path: 'metadata.order.lines[0].sku' });
  });

  it('takes order ids and external ids up to their documented 200 characters in paths', async () => {
    const orderId = 'o'.repeat(150) + '-é';
    const purchase = { amount: 1_000, currency: 'EUR', occurredAt: new Date().toISOString() };
    const created = await post(`/v1/programs/${programId}/transactions`, { memberId, orderId, purchase });
    expect(created.statusCode, created.body).toBe(201);
    const order = await get(`/v1/programs/${programId}/orders/${encodeURIComponent(orderId)}`);
    expect(order.statusCode, order.body).toBe(200);
    const refund = await post(`/v1/programs/${programId}/orders/${encodeURIComponent(orderId)}/refund`, {});
    expect(refund.statusCode, refund.body).toBe(201);
    const longExternalId = 'e'.repeat(150);
    const lookup = await get(`/v1/programs/${programId}/members/by-external-id/${longExternalId}`);
    expect(lookup.statusCode, lookup.body).toBe(404);
    expect(errorCode(lookup)).toBe('not_found');
  });

  it('answers a path segment beyond any documented length with 414 in the error shape', async () => {
    const res = await get(`/v1/programs/${programId}/orders/${'x'.repeat(3_000)}`);
    expect(res.statusCode).toBe(414);
    expect(errorCode(res)).toBe('uri_too_long');
  });

  it('answers a known path asked with another method with 405 and Allow, an unknown path with 404', async () => {
    for (const method of ['PUT', 'TRACE'] as const) {
      const res = await t.app.inject({ method, url: `/v1/members/${memberId}`, headers: tenant.auth });
      expect(res.statusCode, method).toBe(405);
      expect(res.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
      expect(errorCode(res)).toBe('method_not_allowed');
    }
    const unknown = await t.app.inject({ method: 'GET', url: '/v1/nothing-here', headers: tenant.auth });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('not_found');
  });

  // QUERY (which Fastify would refuse with 400 for want of a Content-Type, before any route is
  // looked up) and extension methods no route declares, with or without a body or credentials.
  it.each([
    ['QUERY without a body', 'QUERY', {}],
    ['QUERY with a JSON body', 'QUERY', { payload: { points: 5 } }],
    ['QUERY with a body that is not JSON', 'QUERY', { payload: 'x', headers: { 'content-type': 'text/plain' } }],
    ['PROPFIND', 'PROPFIND', {}],
    ['SEARCH with a body', 'SEARCH', { payload: { q: 1 } }],
    ['MKCOL without credentials', 'MKCOL', { anonymous: true }],
  ] as const)('answers %s on a known path with 405 and Allow', async (_name, method, opts) => {
    const { anonymous, headers, payload } = opts as { anonymous?: boolean; headers?: object; payload?: unknown };
    const res = await t.app.inject({
      method: method as 'GET',
      url: `/v1/members/${memberId}`,
      headers: { ...(anonymous ? {} : tenant.auth), ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    expect(res.statusCode, res.body).toBe(405);
    expect(res.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    expect(errorCode(res)).toBe('method_not_allowed');
  });

  it('answers QUERY on an unknown path with 404', async () => {
    const res = await t.app.inject({ method: 'QUERY' as 'GET', url: '/v1/nothing-here', headers: tenant.auth });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('not_found');
  });

  it('names the offending field', async () => {
    const res = await raw('{"points": -5}');
    expect(res.json().error.details.issues[0]).toMatchObject({ in: 'body', path: 'points' });
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document generated from the contracts', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/members/{memberId}/points/earn', '/v1/programs', '/v1/onboarding', '/v1/api-keys']),
    );
    const earn = doc.paths['/v1/members/{memberId}/points/earn'].post;
    expect(earn.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(earn.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404', '409', '429']),
    );
  });

  it('serves the interactive reference at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics to holders of metrics:read only', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const analyst = await apiKey(t.app, tenant, ['reports:read']);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: analyst.auth })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: tenant.auth });
    expect(res.body).toContain('http_requests_total');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
  });

  it('answers /ready with 503 and no database error text when Postgres is unreachable', async () => {
    const pool = createPool('postgres://nobody@127.0.0.1:1/nothing', 1);
    const app = await buildApp({ config: t.config, pool });
    try {
      const res = await app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: { code: 'not_ready', message: 'postgres is not reachable' } });
    } finally {
      await app.close();
      await pool.end();
    }
  });

  it('refuses to register a route that declares no permission', async () => {
    const app = Fastify();
    await registerAuth(app, {
      authenticate: async () => {
        throw new Error('unused');
      },
      rateLimitPerMinute: 10,
      credentialFailures: createFailureThrottle({
        freeFailures: 1,
        windowMs: 1,
        baseBlockMs: 1,
        maxBlockMs: 1,
        maxEntries: 1,
      }),
    });
    expect(() => app.get('/v1/undeclared', async () => 'x')).toThrow(/must declare config.auth/);
    await app.close();
  });
});

describe('fuzzing every operation', () => {
  it('never answers 5xx, always uses the error shape, and writes nothing when it refuses', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const key = await apiKey(t.app, tenant, [
      'programs:read',
      'members:read',
      'members:write',
      'points:read',
      'points:earn',
      'points:redeem',
      'points:adjust',
      'points:reverse',
    ]);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        path,
        method: method.toUpperCase(),
        statuses: Object.keys(operation.responses),
      })),
    );
    expect(operations.length).toBeGreaterThan(20);
    // What a schema-driven fuzzer sends and what attackers try: bytes Postgres cannot store, control
    // characters, ids of every documented length, offsets no zone has, nesting beyond any limit.
    const hostile = (unsafe: string[]) =>
      fc
        .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...unsafe), fc.string({ maxLength: 10 }))
        .map((parts) => parts.join(''));
    const urlText = fc.oneof(
      fc.string({ maxLength: 40 }),
      hostile(['\u0000', '\u0007', '\u001f', '\u007f']),
      fc.string({ minLength: 101, maxLength: 200 }),
      fc.constant('2026-01-01T00:00:00+18:28'),
    );
    const pathValue = fc.oneof(fc.constant(memberId), fc.constant(programId), fc.uuid(), urlText, fc.constant('..'));
    const jsonText = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      hostile(['\u0000', '\ud800', '\udfff', '\u0007']),
      fc.constant('2026-01-01T00:00:00-23:59'),
    );
    const fieldName = fc.constantFrom(
      'points',
      'reason',
      'name',
      'externalId',
      'email',
      'scopes',
      'deadline',
      'settings',
      'tenant',
      'owner',
      'metadata',
      'attributes',
      'orderId',
      'purchase',
      '__proto__',
      'constructor',
    );
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.dictionary(fieldName, jsonText).map((v) => JSON.stringify(v)),
      fc
        .dictionary(
          fieldName,
          fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostile(['\u0000', '\ud800'])), jsonText),
        )
        .map((v) => JSON.stringify(v)),
      fc
        .constantFrom(nested(40), nested(5_000))
        .map((deep) => `{"points": 5, "metadata": ${deep}, "attributes": ${deep}}`),
    );
    const query = fc.dictionary(
      fc.constantFrom('limit', 'cursor', 'kind', 'from', 'to', 'status', 'action', 'entityType', 'entityId'),
      urlText,
    );
    const auth = fc.constantFrom(key.auth, tenant.auth, {});

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        pathValue,
        body,
        query,
        auth,
        async (op, id, payload, q, headers) => {
          const url =
            op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(id)) + '?' + new URLSearchParams(q).toString();
          const before = await rowCounts();
          const res = await t.app.inject({
            method: op.method as 'GET',
            url,
            headers: { ...headers, 'content-type': 'application/json' },
            ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload }),
          });
          expect(res.statusCode, `${op.method} ${url} -> ${res.body}`).toBeLessThan(500);
          // A '.' or '..' segment is resolved away (as every HTTP client does): the request goes to
          // another route, or to none, whose statuses are not this operation's.
          if (!/\/\.{1,2}(\/|\?)/.test(url))
            expect(op.statuses, `${op.method} ${url} -> ${res.statusCode}, not in its document`).toContain(
              String(res.statusCode),
            );
          if (res.statusCode >= 400) {
            errorCode(res);
            expect(await rowCounts(), `${op.method} ${url} wrote despite ${res.statusCode}`).toEqual(before);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  }, 180_000);
});
