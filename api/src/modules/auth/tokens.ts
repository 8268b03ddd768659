import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { DomainError } from '../../domain-error.ts';

// Access tokens: short-lived HS256 JWTs naming tenant, user and role, for this API only
// (audience), signed under a key id so the secret can be rotated without logging everyone out. Refresh tokens: opaque,
// stored hashed per session, rotated on every use.

export interface AccessClaims {
  tenantId: string;
  userId: string;
  role: string;
}

/** A key id that names a secret without revealing it, so tokens say which key signed them. */
export function keyIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 12);
}

/**
 * `secret` signs; `previousSecret`, during a rotation, still verifies the tokens it signed until
 * they expire (at most one access-token lifetime), picked by the token's key id.
 */
export function createTokenService(secret: string, accessTtlSeconds: number, previousSecret?: string) {
  const keys = new Map<string, Uint8Array>();
  for (const s of [secret, previousSecret]) if (s) keys.set(keyIdOf(s), new TextEncoder().encode(s));
  const currentKid = keyIdOf(secret);
  const issuer = 'loyalty-studio';
  const audience = 'loyalty-studio-api';

  return {
    accessTtlSeconds,
    async signAccess(c: AccessClaims): Promise<string> {
      return new SignJWT({ tid: c.tenantId, role: c.role })
        .setProtectedHeader({ alg: 'HS256', kid: currentKid })
        .setSubject(c.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${accessTtlSeconds}s`)
        .sign(keys.get(currentKid)!);
    },
    async verifyAccess(token: string): Promise<AccessClaims> {
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
            const key = header.kid === undefined ? undefined : keys.get(header.kid);
            if (!key) throw new Error('unknown key id');
            return key;
          },
          { issuer, audience, algorithms: ['HS256'] },
        );
        if (typeof payload.tid !== 'string' || typeof payload.role !== 'string' || !payload.sub)
          throw new Error('claims');
        return { tenantId: payload.tid, userId: payload.sub, role: payload.role };
      } catch (err) {
        if (err instanceof errors.JWTExpired)
          throw new DomainError('token_expired', 'the access token has expired: refresh it');
        throw new DomainError('unauthenticated', 'the access token is not valid');
      }
    },
  };
}
export type TokenService = ReturnType<typeof createTokenService>;

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
