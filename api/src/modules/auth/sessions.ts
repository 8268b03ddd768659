import type { Db } from '../../db/pool.ts';
import { DomainError } from '../../domain-error.ts';
import { setTenant } from '../../db/tenant-tx.ts';
import { randomSecret, sha256, type TokenService } from './tokens.ts';

// A refresh token is `<tenant id>.<session id>.<secret>`: the tenant part lets the lookup run
// under row-level security; only the secret's hash is stored. Each refresh rotates the secret,
// and presenting an already-rotated secret revokes the session (a stolen token stops working).

const REFRESH_TTL_DAYS = 30;

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

export async function openSession(
  tx: Db,
  tokens: TokenService,
  user: { tenantId: string; userId: string; role: string },
): Promise<TokenPair> {
  const secret = randomSecret();
  const expiresAt = new Date(Date.now() + REFRESH_TTL_DAYS * 86_400_000);
  const { rows } = await tx.query<{ id: string }>(
    'INSERT INTO sessions (tenant_id, user_id, refresh_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [user.tenantId, user.userId, sha256(secret), expiresAt],
  );
  return pair(tokens, user, `${user.tenantId}.${rows[0]!.id}.${secret}`, expiresAt);
}

async function pair(
  tokens: TokenService,
  user: { tenantId: string; userId: string; role: string },
  refreshToken: string,
  expiresAt: Date,
): Promise<TokenPair> {
  return {
    accessToken: await tokens.signAccess(user),
    tokenType: 'Bearer',
    expiresIn: tokens.accessTtlSeconds,
    refreshToken,
    refreshExpiresAt: expiresAt.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseRefreshToken(token: string): { tenantId: string; sessionId: string; secret: string } {
  const [tenantId, sessionId, secret, ...rest] = token.split('.');
  if (!tenantId || !sessionId || !secret || rest.length > 0 || !UUID.test(tenantId) || !UUID.test(sessionId)) {
    throw new DomainError('unauthenticated', 'the refresh token is not valid');
  }
  return { tenantId, sessionId, secret };
}

interface SessionRow {
  id: string;
  user_id: string;
  refresh_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  role: string;
  disabled_at: Date | null;
}

export async function rotateSession(tx: Db, tokens: TokenService, refreshToken: string): Promise<TokenPair> {
  const t = parseRefreshToken(refreshToken);
  await setTenant(tx, t.tenantId);
  const { rows } = await tx.query<SessionRow>(
    `SELECT s.id, s.user_id, s.refresh_hash, s.expires_at, s.revoked_at, u.role, u.disabled_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 FOR UPDATE OF s`,
    [t.sessionId],
  );
  const s = rows[0];
  if (!s || s.revoked_at || s.disabled_at)
    throw new DomainError('unauthenticated', 'the session has ended: log in again');
  if (s.refresh_hash !== sha256(t.secret)) {
    await tx.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [s.id]);
    throw new DomainError(
      'unauthenticated',
      'the refresh token was already used: the session is revoked, log in again',
    );
  }
  if (s.expires_at <= new Date()) throw new DomainError('token_expired', 'the refresh token has expired: log in again');
  const secret = randomSecret();
  await tx.query('UPDATE sessions SET refresh_hash = $2 WHERE id = $1', [s.id, sha256(secret)]);
  return pair(
    tokens,
    { tenantId: t.tenantId, userId: s.user_id, role: s.role },
    `${t.tenantId}.${s.id}.${secret}`,
    s.expires_at,
  );
}

export async function revokeSession(tx: Db, refreshToken: string): Promise<void> {
  const t = parseRefreshToken(refreshToken);
  await setTenant(tx, t.tenantId);
  const { rows } = await tx.query<{ refresh_hash: string }>('SELECT refresh_hash FROM sessions WHERE id = $1', [
    t.sessionId,
  ]);
  if (rows[0]?.refresh_hash === sha256(t.secret))
    await tx.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [t.sessionId]);
}

export async function revokeUserSessions(tx: Db, userId: string): Promise<void> {
  await tx.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}
