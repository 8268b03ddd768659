import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { DomainError } from '../../domain-error.ts';

// Access tokens: short-lived HS256 JWTs naming tenant, user and role. Refresh tokens: opaque,
// stored hashed per session, rotated on every use.

export interface AccessClaims {
  tenantId: string;
  userId: string;
  role: string;
}

export function createTokenService(secret: string, accessTtlSeconds: number) {
  const key = new TextEncoder().encode(secret);
  const issuer = 'loyalty-studio';

  return {
    accessTtlSeconds,
    async signAccess(c: AccessClaims): Promise<string> {
      return new SignJWT({ tid: c.tenantId, role: c.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(c.userId)
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(`${accessTtlSeconds}s`)
        .sign(key);
    },
    async verifyAccess(token: string): Promise<AccessClaims> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, algorithms: ['HS256'] });
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
