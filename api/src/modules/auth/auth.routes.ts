import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginBodySchema, refreshBodySchema, tokenPairSchema } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import type { PoolClient } from 'pg';
import { setTenant, withTransaction } from '../../db/tenant-tx.ts';
import { errorResponse, noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { findTenantIdBySlug } from '../tenants/tenants.repository.ts';
import { findUserByEmail, updatePasswordHash } from '../users/users.repository.ts';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { tooManyFailures } from './auth.plugin.ts';
import { openSession, revokeSession, rotateSession } from './sessions.ts';
import type { TokenService } from './tokens.ts';

const BAD_LOGIN = 'unknown tenant, email or password';

/** A session for valid credentials, or undefined; one answer for every wrong part. */
async function logIn(tx: PoolClient, tokens: TokenService, login: { slug: string; email: string; password: string }) {
  const tenantId = await findTenantIdBySlug(tx, login.slug);
  if (tenantId) await setTenant(tx, tenantId);
  const user = tenantId ? await findUserByEmail(tx, login.email) : undefined;
  // Verify against a dummy hash when there is no user, so timing does not reveal which part was wrong.
  const ok = await verifyPassword(login.password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!tenantId || !user || !ok || user.disabled_at) return undefined;
  if (needsRehash(user.password_hash)) await updatePasswordHash(tx, user.id, await hashPassword(login.password));
  return openSession(tx, tokens, { tenantId, userId: user.id, role: user.role });
}

export function authRoutes(deps: ApiDeps) {
  const inTx = <T>(fn: (tx: PoolClient) => Promise<T>) => withTransaction(deps.pool, fn);

  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/v1/auth/login',
      {
        config: { auth: 'public' },
        schema: {
          operationId: 'logIn',
          tags: ['auth'],
          summary: 'Log a console user in',
          description:
            "Checks a console user's email and password in the tenant named by its slug and opens a session: an access token to send as `Authorization: Bearer` (valid `expiresIn` seconds) and a refresh token valid 30 days. Public: needs no credentials. A wrong tenant, email or password, or a disabled user, all answer the same 401 `unauthenticated`; repeated failures for one account or address answer 429 `rate_limited` with Retry-After.",
          security: [],
          body: loginBodySchema,
          response: responses({ 200: tokenPairSchema, 401: errorResponse(BAD_LOGIN) }),
        },
      },
      async (req, reply) => {
        const { tenant: slug, email, password } = req.body;
        const account = `${slug}\n${email.toLowerCase()}`;
        const { account: perAccount, address: perAddress } = deps.loginFailures;
        const retryAfterMs = Math.max(perAccount.retryAfterMs(account), perAddress.retryAfterMs(req.ip));
        if (retryAfterMs > 0) throw tooManyFailures(reply, retryAfterMs);
        const tokens = await inTx((tx) => logIn(tx, deps.tokens, { slug, email, password }));
        if (!tokens) {
          perAccount.fail(account);
          perAddress.fail(req.ip);
          throw new DomainError('unauthenticated', BAD_LOGIN);
        }
        perAccount.succeed(account);
        return tokens;
      },
    );

    app.post(
      '/v1/auth/refresh',
      {
        config: { auth: 'public' },
        schema: {
          operationId: 'refreshTokens',
          tags: ['auth'],
          summary: 'Exchange a refresh token for a new pair (the old one stops working)',
          description:
            'Exchanges a refresh token for a new access token and refresh token; the one presented stops working, and the session keeps its original end. Public: needs no credentials (the refresh token is the credential). 401 `unauthenticated` once the session has ended (a logout, a disabled user) and for a refresh token already used, which also ends the session, so a stolen token stops working; 401 `token_expired` past the end of the session.',
          security: [],
          body: refreshBodySchema,
          response: responses({
            200: tokenPairSchema,
            401: errorResponse('the refresh token is not valid, was already used, or its session ended or expired'),
          }),
        },
      },
      async (req) => {
        // The reuse check revokes the session and must commit even though the call fails.
        let failure: unknown;
        const pair = await inTx(async (tx) =>
          rotateSession(tx, deps.tokens, req.body.refreshToken).catch((err) => {
            failure = err;
            return undefined;
          }),
        );
        if (!pair) throw failure;
        return pair;
      },
    );

    app.post(
      '/v1/auth/logout',
      {
        config: { auth: 'public' },
        schema: {
          operationId: 'logOut',
          tags: ['auth'],
          summary: 'End the session of a refresh token',
          description:
            'Ends the session of a refresh token; access tokens already issued stay valid until they expire. Public: needs no credentials (the refresh token is the credential). Answers 204 for an unknown or already ended session too, so repeating it is harmless; a token not of our format is 401 `unauthenticated`.',
          security: [],
          body: refreshBodySchema,
          response: responses({ 204: noContent, 401: errorResponse('the refresh token is not one this API issues') }),
        },
      },
      async (req, reply) => {
        await inTx((tx) => revokeSession(tx, req.body.refreshToken));
        return reply.code(204).send();
      },
    );
  };
}
