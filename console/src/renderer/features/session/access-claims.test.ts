import { describe, expect, it } from 'vitest';
import { accessClaimsOf } from './access-claims.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: unknown) => `${encode({ alg: 'HS256' })}.${encode(claims)}.signature`;

describe('accessClaimsOf', () => {
  it('reads the user, tenant and role the API put in the access token', () => {
    expect(accessClaimsOf(token({ sub: 'u1', tid: 't1', role: 'support', exp: 1_900_000_000, iss: 'x' }))).toEqual({
      userId: 'u1',
      tenantId: 't1',
      role: 'support',
      expiresAt: 1_900_000_000,
    });
  });

  it('decodes non-ASCII claims (base64url of UTF-8)', () => {
    expect(accessClaimsOf(token({ sub: 'u1', tid: 't1', role: 'caissière', exp: 1 }))?.role).toBe('caissière');
  });

  it('answers nothing for tokens that are not JWTs or lack a claim', () => {
    for (const t of ['', 'opaque', 'a.!!!.c', token({ sub: 'u1', tid: 't1', exp: 1 }), token('text')]) {
      expect(accessClaimsOf(t)).toBeUndefined();
    }
  });
});
