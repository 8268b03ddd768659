import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '@loyalty/shared';
import { apiKeySchema, createApiKeyBodySchema, createdApiKeySchema, idParamsSchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { mutate, poolExecutor, read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import type { Db } from '../../db/pool.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { generateApiKey } from './api-key-format.ts';
import { missingPermissions } from './permissions.ts';
import { sha256 } from './tokens.ts';

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}
const COLUMNS = 'id, name, prefix, scopes, created_at, last_used_at, expires_at, revoked_at';
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const view = (k: ApiKeyRow) => ({
  id: k.id, name: k.name, prefix: `lsk_${k.prefix}`, scopes: k.scopes, createdAt: k.created_at.toISOString(),
  lastUsedAt: iso(k.last_used_at), expiresAt: iso(k.expires_at), revokedAt: iso(k.revoked_at),
});

async function findKey(tx: Db, id: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await tx.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

export function apiKeysRoutes(deps: ApiDeps) {
  const exec = poolExecutor(deps.pool);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/v1/api-keys', {
      config: { auth: 'api_keys:read' },
      schema: { tags: ['api keys'], summary: 'API keys (never their secrets)', response: responses({ 200: z.object({ data: z.array(apiKeySchema) }) }) },
    }, (req) => read(deps.pool, req, async (tx) => ({
      data: (await tx.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, id`)).rows.map(view),
    })));

    app.post('/v1/api-keys', {
      config: { auth: 'api_keys:write' },
      schema: { tags: ['api keys'], summary: 'Create an API key; its secret is shown once', body: createApiKeyBodySchema, response: responses({ 201: createdApiKeySchema }) },
    }, (req, reply) => mutate(req, reply, exec, async (tx, p) => {
      const missing = missingPermissions(p.permissions, req.body.scopes);
      if (missing.length > 0) throw new DomainError('forbidden', 'a key cannot carry permissions you do not hold', { missing });
      if (req.body.expiresAt && new Date(req.body.expiresAt) <= new Date()) {
        throw new DomainError('validation_failed', 'expiresAt must be in the future', { field: 'expiresAt' });
      }
      const generated = generateApiKey();
      const { rows } = await tx.query<ApiKeyRow>(
        `INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, scopes, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [p.tenantId, req.body.name, generated.prefix, sha256(generated.secret), [...new Set(req.body.scopes)],
          p.actor.type === 'user' ? p.actor.id : null, req.body.expiresAt ?? null],
      );
      const key = view(rows[0]!);
      await recordAudit(tx, { tenantId: p.tenantId, actor: p.actor, action: 'api_key.created', entityType: 'api_key', entityId: key.id, after: key, requestId: req.id });
      // The replay of an idempotent create returns the stored body, secret included, to the same tenant.
      return { status: 201, body: { ...key, secret: generated.key } };
    }));

    app.post('/v1/api-keys/:id/revoke', {
      config: { auth: 'api_keys:write' },
      schema: { tags: ['api keys'], summary: 'Revoke an API key at once', params: idParamsSchema, response: responses({ 200: apiKeySchema }) },
    }, (req, reply) => mutate(req, reply, exec, async (tx, p) => {
      const before = await findKey(tx, req.params.id);
      if (!before) throw notFound('API key');
      const { rows } = await tx.query<ApiKeyRow>(
        `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [req.params.id]);
      const after = view(rows[0]!);
      await recordAudit(tx, { tenantId: p.tenantId, actor: p.actor, action: 'api_key.revoked', entityType: 'api_key', entityId: after.id, before: view(before), after, requestId: req.id });
      return { status: 200, body: after };
    }));
  };
}
