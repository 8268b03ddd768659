import { timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { Permission } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import { withTenant } from '../../db/tenant-tx.ts';
import type { Principal } from './principal.ts';
import { looksLikeApiKey, parseApiKey } from './api-key-format.ts';
import { sha256, type TokenService } from './tokens.ts';
import { isPredefinedRole, ROLE_PERMISSIONS } from './permissions.ts';

export interface AuthenticateDeps {
  pool: pg.Pool;
  tokens: TokenService;
  now?: () => Date;
}

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  secret_hash: string;
  scopes: Permission[];
  expires_at: Date | null;
  revoked_at: Date | null;
  creator_role: string | null;
  creator_custom_permissions: Permission[] | null;
  creator_disabled: boolean | null;
  chain_revoked: boolean;
}

/**
 * What a key may do now: its scopes, bounded by what its creator holds today, so demoting or
 * disabling a user reaches every key they made. Keys with no recorded creator (made before
 * creators were recorded) keep their scopes.
 */
export function effectiveKeyScopes(row: ApiKeyRow): Set<Permission> {
  if (row.creator_role === null) return new Set(row.scopes);
  const creatorHolds = new Set<Permission>(
    isPredefinedRole(row.creator_role) ? ROLE_PERMISSIONS[row.creator_role] : (row.creator_custom_permissions ?? []),
  );
  return new Set(row.scopes.filter((scope) => creatorHolds.has(scope)));
}

interface UserAccessRow {
  role: string;
  custom_permissions: Permission[] | null;
  disabled: boolean;
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
    if (row.creator_disabled) throw new DomainError('api_key_revoked', 'the user who created this API key is disabled');
    if (row.chain_revoked) {
      throw new DomainError('api_key_revoked', 'the API key that created this one was revoked or has expired');
    }
    touch(row.id, row.tenant_id);
    return { tenantId: row.tenant_id, actor: { type: 'api_key', id: row.id }, permissions: effectiveKeyScopes(row) };
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
    // The user's role is read now, not taken from the token, so a demotion or a disabled account
    // takes effect on the next request rather than when the token expires.
    const { rows } = await deps.pool.query<UserAccessRow>({
      name: 'auth.user-access',
      text: 'SELECT role, custom_permissions, disabled FROM user_access($1::uuid, $2::uuid)',
      values: [claims.tenantId, claims.userId],
    });
    const user = rows[0];
    if (!user || user.disabled)
      throw new DomainError('unauthenticated', 'this account is disabled or no longer exists');
    const permissions = isPredefinedRole(user.role) ? ROLE_PERMISSIONS[user.role] : (user.custom_permissions ?? []);
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
