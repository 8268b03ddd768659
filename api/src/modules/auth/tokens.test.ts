import { describe, expect, it } from 'vitest';
import { SignJWT, decodeProtectedHeader } from 'jose';
import { createTokenService, keyIdOf } from './tokens.ts';

const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);
const claims = { tenantId: 't', userId: 'u', role: 'owner' };

describe('access tokens', () => {
  it('carry a key id that does not reveal the secret, and an audience', async () => {
    const token = await createTokenService(NEW, 60).signAccess(claims);
    expect(decodeProtectedHeader(token).kid).toBe(keyIdOf(NEW));
    expect(token).not.toContain(NEW);
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).aud).toBe('loyalty-studio-api');
  });

  it('survive a rotation: tokens of the previous secret verify until the previous secret is dropped', async () => {
    const before = await createTokenService(OLD, 60).signAccess(claims);
    await expect(createTokenService(NEW, 60, OLD).verifyAccess(before)).resolves.toEqual(claims);
    await expect(createTokenService(NEW, 60).verifyAccess(before)).rejects.toThrow('not valid');
  });

  it('refuse a token for another audience, or with no key id', async () => {
    const key = new TextEncoder().encode(NEW);
    const base = () =>
      new SignJWT({ tid: 't', role: 'owner' }).setSubject('u').setIssuer('loyalty-studio').setExpirationTime('1m');
    const otherAudience = await base()
      .setProtectedHeader({ alg: 'HS256', kid: keyIdOf(NEW) })
      .setAudience('another-service')
      .sign(key);
    const noKid = await base().setProtectedHeader({ alg: 'HS256' }).setAudience('loyalty-studio-api').sign(key);
    const service = createTokenService(NEW, 60);
    await expect(service.verifyAccess(otherAudience)).rejects.toThrow('not valid');
    await expect(service.verifyAccess(noKid)).rejects.toThrow('not valid');
  });
});
