import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { requestLogSerializer } from './request-log.ts';

describe('access log lines', () => {
  it('name the route pattern, not the URL with its ids and query', () => {
    const req = {
      method: 'GET',
      url: '/v1/programs/p/members/by-external-id/ada%40example.com?email=ada@example.com',
      routeOptions: { url: '/v1/programs/:programId/members/by-external-id/:externalId' },
      ip: '10.0.0.1',
    } as unknown as FastifyRequest;
    const line = JSON.stringify(requestLogSerializer(req));
    expect(line).not.toContain('ada');
    expect(requestLogSerializer(req).route).toBe('/v1/programs/:programId/members/by-external-id/:externalId');
  });

  it('say so when no route matched, without the path', () => {
    const req = { method: 'GET', url: '/v1/unknown/ada@example.com', routeOptions: {}, ip: '::1' };
    expect(requestLogSerializer(req as unknown as FastifyRequest).route).toBe('(no route)');
  });
});
