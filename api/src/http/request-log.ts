import type { FastifyRequest } from 'fastify';

// Access logs name the route pattern, never the raw URL: paths and queries carry the merchant's
// customer ids and order ids (often e-mails), which must not land in log files.

export function requestLogSerializer(req: FastifyRequest) {
  return {
    method: req.method,
    route: req.routeOptions?.url ?? '(no route)',
    remoteAddress: req.ip,
  };
}
