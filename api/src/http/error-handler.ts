import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '@loyalty/shared';
import { DomainError, STATUS_BY_CODE } from '../domain-error.ts';
import { createRouteMethodIndex } from './route-methods.ts';

// One place maps every failure to `{ error: { code, message, details? } }` and a status.
// Client mistakes get a specific 4xx; anything else is a logged 500 whose message stays hidden.

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

export function send(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.code(STATUS_BY_CODE[code]).send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  const routeMethods = createRouteMethodIndex();
  app.addHook('onRoute', (route) => routeMethods.add(route.url, route.method));
  const notRouted = (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const allowed = routeMethods.allowedMethods(path);
    if (allowed.length === 0) return send(reply, 'not_found', `no route ${req.method} ${path}`);
    reply.header('allow', allowed.join(', '));
    return send(reply, 'method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${req.method}`, { allowed });
  };
  // Answered as soon as the request arrives: Fastify would otherwise read the body of a request
  // no route takes, and refuse a QUERY without a Content-Type (400) before this could say 405.
  app.addHook('onRequest', async (req, reply) => {
    if (req.is404) return notRouted(req, reply);
  });
  app.setNotFoundHandler(notRouted);

  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) return send(reply, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        in: err.validationContext,
        path: v.instancePath.split('/').filter(Boolean).join('.') || '(root)',
        message: v.message,
      }));
      return send(
        reply,
        'validation_failed',
        `invalid ${err.validationContext}: ${issues[0]?.path} ${issues[0]?.message}`,
        { issues },
      );
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped)
      return send(
        reply,
        mapped,
        mapped === 'malformed_json'
          ? 'the body is not valid JSON (or holds a forbidden __proto__ or constructor key)'
          : err.message,
      );
    if (err.statusCode === 429) return send(reply, 'rate_limited', err.message);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(reply, 'bad_request', err.message);
    req.log.error({ err }, 'unhandled error');
    return send(reply, 'internal_error', 'internal error; the request id in the logs identifies it');
  });
}
