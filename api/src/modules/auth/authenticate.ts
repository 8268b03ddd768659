import { timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { Permission } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import { withTenant } from '../../db/tenant-tx.ts';
import type { Principal } from './principal.ts';
import { looksLikeApiKey, parseApiKey } from './api-key-format.ts';
import { sha256, type TokenService } from './tokens.ts';
import { resolveRolePermissions } from './roles.repository.ts';
import { isPredefinedRole, ROLE_PERMISSIONS } from './permissions.ts';

export interface AuthenticateDeps {
  pool: pg.Pool;
  tokens: TokenService;
  now?: () => Date;
}

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  secret_hash: string;
  scopes: Permission[];
  expires_at: Date | null;
  revoked_at: Date | null;
}

// last_used_at is advisory: written at most once a minute per key, so a busy integration does not
// turn every read into a write.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export function createAuthenticator(deps: AuthenticateDeps) {
  const now = deps.now ?? (() => new Date());
  const lastUsedWritten = new Map<string, number>();

  async function fromApiKey(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    if (!parsed) throw new DomainError('unauthenticated', 'the API key is malformed');
    const { rows } = await deps.pool.query<ApiKeyRow>({
      name: 'auth.api-key',
      text: 'SELECT * FROM api_key_by_prefix($1)',
      values: [parsed.prefix],
    });
    const row = rows[0];
    if (!row || !safeEqual(row.secret_hash, sha256(parsed.secret)))
      throw new DomainError('unauthenticated', 'the API key is not valid');
    if (row.revoked_at) throw new DomainError('api_key_revoked', 'the API key has been revoked');
    if (row.expires_at && row.expires_at <= now()) throw new DomainError('api_key_expired', 'the API key has expired');
    touch(row.id, row.tenant_id);
    return { tenantId: row.tenant_id, actor: { type: 'api_key', id: row.id }, permissions: new Set(row.scopes) };
  }

  function touch(keyId: string, tenantId: string): void {
    const last = lastUsedWritten.get(keyId) ?? 0;
    if (Date.now() - last < LAST_USED_WRITE_INTERVAL_MS) return;
    lastUsedWritten.set(keyId, Date.now());
    void withTenant(deps.pool, tenantId, (tx) =>
      tx.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]),
    ).catch(() => lastUsedWritten.delete(keyId));
  }

  async function fromAccessToken(token: string): Promise<Principal> {
    const claims = await deps.tokens.verifyAccess(token);
    // Predefined roles are known in code; only a custom role needs a database round trip.
    const permissions = isPredefinedRole(claims.role)
      ? ROLE_PERMISSIONS[claims.role]
      : await withTenant(deps.pool, claims.tenantId, (tx) => resolveRolePermissions(tx, claims.role));
    return { tenantId: claims.tenantId, actor: { type: 'user', id: claims.userId }, permissions: new Set(permissions) };
  }

  /** The principal behind an Authorization header (`Bearer <api key | access token>`) or X-API-Key. */
  return async function authenticate(headers: {
    authorization?: string;
    'x-api-key'?: string | string[];
  }): Promise<Principal> {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string') return fromApiKey(apiKey);
    const auth = headers.authorization;
    if (!auth)
      throw new DomainError(
        'unauthenticated',
        'missing credentials: send Authorization: Bearer <API key or access token>',
      );
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) throw new DomainError('unauthenticated', 'the Authorization header must be "Bearer <credential>"');
    const token = match[1]!;
    return looksLikeApiKey(token) ? fromApiKey(token) : fromAccessToken(token);
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
