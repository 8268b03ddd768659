import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Permission } from '@loyalty/shared';
import {
  apiKeyParamsSchema,
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  cursorQuerySchema,
  pageSchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { pageOfSorted, type SortedList } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import type { Actor } from './principal.ts';
import type { ApiKey } from '../../generated/prisma/client.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { generateApiKey } from './api-key-format.ts';
import { missingPermissions } from './permissions.ts';
import { sha256 } from './tokens.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const view = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: `lsk_${k.prefix}`,
  scopes: k.scopes as Permission[],
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
  expiresAt: iso(k.expiresAt),
  revokedAt: iso(k.revokedAt),
});

/**
 * Who stands behind a new key: the user who made it, or, for a key made by a key, that key and
 * the user at the root of its chain, whose current rights bound every key below them.
 */
async function creatorOf(
  tx: PrismaTx,
  actor: Actor,
): Promise<{ createdBy: string | null; parentKeyId: string | null }> {
  if (actor.type === 'user') return { createdBy: actor.id, parentKeyId: null };
  if (actor.type !== 'api_key') return { createdBy: null, parentKeyId: null };
  const parent = await tx.apiKey.findUnique({ where: { id: actor.id }, select: { createdBy: true } });
  return { createdBy: parent?.createdBy ?? null, parentKeyId: actor.id };
}

/** Newest first: the key just made is the one a person looks for. */
const newestFirst: SortedList<{ createdAt: string; id: string }> = {
  keyOf: (k) => [k.createdAt, k.id],
  directions: ['desc', 'asc'],
};

export function apiKeysRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/v1/api-keys',
      {
        config: { auth: 'api_keys:read' },
        schema: {
          operationId: 'listApiKeys',
          tags: ['api keys'],
          summary: 'API keys (never their secrets)',
          description:
            "Your tenant's API keys, newest first, with their scopes, prefix, last use, expiry and revocation; never their secrets. Needs `api_keys:read`.",
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(apiKeySchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) =>
          pageOfSorted((await tx.apiKey.findMany()).map(view), req.query, newestFirst),
        ),
    );

    app.post(
      '/v1/api-keys',
      {
        config: { auth: 'api_keys:write', idempotent: true },
        schema: {
          operationId: 'createApiKey',
          tags: ['api keys'],
          summary: 'Create an API key; its secret is shown once',
          description:
            'Creates an API key with the given scopes and returns its secret once, in `secret`: store it now. The key can never do more than its creator can at the time of a call, so demoting or disabling the user behind it reaches the key. Needs `api_keys:write`, and only scopes you hold (403 `forbidden`); expiresAt must be in the future (400). A replay with the same Idempotency-Key answers the same key with `secret: null`; a retry without one creates a second key.',
          body: createApiKeyBodySchema,
          response: responses({ 201: createdApiKeySchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const missing = missingPermissions(p.permissions, req.body.scopes);
          if (missing.length > 0)
            throw new DomainError('forbidden', 'a key cannot carry permissions you do not hold', { missing });
          if (req.body.expiresAt && new Date(req.body.expiresAt) <= new Date()) {
            throw new DomainError('validation_failed', 'expiresAt must be in the future', { field: 'expiresAt' });
          }
          const generated = generateApiKey();
          const key = view(
            await tx.apiKey.create({
              data: {
                tenantId: p.tenantId,
                name: req.body.name,
                prefix: generated.prefix,
                secretHash: sha256(generated.secret),
                scopes: [...new Set(req.body.scopes)],
                ...(await creatorOf(tx, p.actor)),
                expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : null,
              },
            }),
          );
          await recordAudit(prismaSql(tx), {
            tenantId: p.tenantId,
            actor: p.actor,
            action: 'api_key.created',
            entityType: 'api_key',
            entityId: key.id,
            after: key,
            requestId: req.id,
          });
          // The secret is shown once: a replay answers the key without it, so it is never stored.
          return { status: 201, body: { ...key, secret: generated.key }, replayBody: { ...key, secret: null } };
        }),
    );

    app.post(
      '/v1/api-keys/:apiKeyId/revoke',
      {
        config: { auth: 'api_keys:write', idempotent: true },
        schema: {
          operationId: 'revokeApiKey',
          tags: ['api keys'],
          summary: 'Revoke an API key at once',
          description:
            'Revokes an API key at once: calls with it, and with keys it created, answer 401 `api_key_revoked`. Needs `api_keys:write`. Revoking a revoked key changes nothing and answers it with its first revokedAt. Recorded in the audit log.',
          params: apiKeyParamsSchema,
          response: responses({ 200: apiKeySchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await tx.$executeRaw`SELECT 1 FROM api_keys WHERE id = ${req.params.apiKeyId}::uuid FOR UPDATE`;
          const before = await tx.apiKey.findUnique({ where: { id: req.params.apiKeyId } });
          if (!before) throw notFound('API key');
          const after = view(
            await tx.apiKey.update({ where: { id: before.id }, data: { revokedAt: before.revokedAt ?? new Date() } }),
          );
          await recordAudit(prismaSql(tx), {
            tenantId: p.tenantId,
            actor: p.actor,
            action: 'api_key.revoked',
            entityType: 'api_key',
            entityId: after.id,
            before: view(before),
            after,
            requestId: req.id,
          });
          return { status: 200, body: after };
        }),
    );
  };
}
