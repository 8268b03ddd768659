import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { operationIdGuard } from './operation-ids.ts';

function appWithGuard() {
  const app = Fastify();
  app.addHook('onRoute', operationIdGuard());
  return app;
}
const handler = async () => 'ok';

describe('operationIdGuard', () => {
  it('registers a route that names its operation, and its HEAD twin', async () => {
    const app = appWithGuard();
    app.get('/v1/things', { schema: { operationId: 'listThings' } }, handler);
    await app.ready();
    expect((await app.inject({ method: 'HEAD', url: '/v1/things' })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a documented route without an operationId', () => {
    const app = appWithGuard();
    expect(() => app.post('/v1/things', { schema: { summary: 'x' } }, handler)).toThrow(
      /POST \/v1\/things must declare schema.operationId/,
    );
  });

  it('refuses an operationId that is not camelCase', () => {
    const app = appWithGuard();
    expect(() => app.get('/v1/things', { schema: { operationId: 'list-things' } }, handler)).toThrow(/operationId/);
  });

  it('refuses an operationId another route already has', () => {
    const app = appWithGuard();
    app.get('/v1/things', { schema: { operationId: 'listThings' } }, handler);
    expect(() => app.get('/v2/things', { schema: { operationId: 'listThings' } }, handler)).toThrow(
      /repeats the operationId listThings of GET \/v1\/things/,
    );
  });

  it('leaves hidden routes and the reference UI alone', () => {
    const app = appWithGuard();
    expect(() => app.get('/health', { schema: { hide: true } }, handler)).not.toThrow();
    expect(() => app.get('/docs/static/x', handler)).not.toThrow();
  });
});
