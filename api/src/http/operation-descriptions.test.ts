import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { operationDescriptionGuard } from './operation-descriptions.ts';

function appWithGuard() {
  const app = Fastify();
  app.addHook('onRoute', operationDescriptionGuard());
  return app;
}
const handler = async () => 'ok';

describe('operationDescriptionGuard', () => {
  it('registers a route whose description names its permission, and its HEAD twin', async () => {
    const app = appWithGuard();
    app.get(
      '/v1/things',
      { config: { auth: 'members:read' }, schema: { description: 'Needs `members:read`.' } },
      handler,
    );
    app.get(
      '/v1/other',
      { config: { auth: 'public' }, schema: { description: 'Public: needs no credentials.' } },
      handler,
    );
    await app.ready();
    expect((await app.inject({ method: 'HEAD', url: '/v1/things' })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a documented route without a description', () => {
    const app = appWithGuard();
    expect(() =>
      app.post('/v1/things', { config: { auth: 'members:write' }, schema: { summary: 'x' } }, handler),
    ).toThrow(/POST \/v1\/things must declare schema.description/);
    expect(() =>
      app.post('/v1/blank', { config: { auth: 'members:write' }, schema: { description: '  ' } }, handler),
    ).toThrow(/must declare schema.description/);
  });

  it('refuses a description that names another permission than config.auth', () => {
    const app = appWithGuard();
    expect(() =>
      app.get(
        '/v1/things',
        { config: { auth: 'points:read' }, schema: { description: 'Needs `points:earn`.' } },
        handler,
      ),
    ).toThrow('the description of route GET /v1/things must name who may call it: `points:read`');
  });

  it('refuses a public route whose description does not say it needs no credentials', () => {
    const app = appWithGuard();
    expect(() =>
      app.post('/v1/login', { config: { auth: 'public' }, schema: { description: 'Logs in.' } }, handler),
    ).toThrow(/must name who may call it: needs no credentials/);
  });

  it('leaves hidden routes and the reference UI alone', () => {
    const app = appWithGuard();
    expect(() => app.get('/health', { config: { auth: 'public' }, schema: { hide: true } }, handler)).not.toThrow();
    expect(() => app.get('/docs/static/x', handler)).not.toThrow();
  });
});
