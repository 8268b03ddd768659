import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BODY_JSON_LIMITS, findUnsafeJson, formatJsonPath, unsafeTextReason } from '@loyalty/shared';
import { DomainError } from '../domain-error.ts';
import { send } from './error-handler.ts';

// Input no schema should ever have to think about is refused once, for every route, before any
// route sees it: bytes Postgres cannot store (NUL, lone surrogates), nesting that would overflow
// recursive code, control characters in URLs, and URLs the router cannot take apart.

/** Long enough for a 200-character order id, percent-encoded (up to 12 bytes a character). */
export const MAX_PATH_PARAM_LENGTH = 2_400;

/** What no path segment or query value may hold (the OpenAPI document states it on each). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function unsafeUrlValueReason(value: string): string | undefined {
  if (CONTROL_CHARACTER.test(value)) return 'contains a control character';
  return unsafeTextReason(value);
}

function checkUrlValues(where: 'params' | 'querystring', values: unknown): void {
  if (values === null || typeof values !== 'object') return;
  for (const [name, raw] of Object.entries(values)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const reason = typeof value === 'string' ? unsafeUrlValueReason(value) : undefined;
      if (!reason) continue;
      const issues = [{ in: where, path: name, message: reason }];
      throw new DomainError('validation_failed', `invalid ${where}: ${name} ${reason}`, { issues });
    }
  }
}

function registerJsonBodyGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parseJson(req, body as string, (err: Error | null, value?: unknown) => {
      if (err) return done(err as FastifyError, undefined);
      const unsafe = findUnsafeJson(value, BODY_JSON_LIMITS);
      if (!unsafe) return done(null, value);
      const path = formatJsonPath(unsafe.path);
      const issues = [{ in: 'body', path, message: unsafe.problem }];
      return done(new DomainError('validation_failed', `invalid body: ${path} ${unsafe.problem}`, { issues }));
    });
  });
}

/** Router-level failures, which Fastify would otherwise answer in its own shape. */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 'uri_too_long', `a path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters`);
  }
  return send(reply, 'bad_request', 'the URL is not valid (check its percent-encoding)');
}

export function registerInputGuards(app: FastifyInstance): void {
  registerJsonBodyGuard(app);
  app.addHook('preValidation', async (req) => {
    checkUrlValues('params', req.params);
    checkUrlValues('querystring', req.query);
  });
}
