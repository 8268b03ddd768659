import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPiiCipher } from './pii-crypto.ts';

const cipher = createPiiCipher(randomBytes(32).toString('base64'));
const tenant = randomUUID();
const member = randomUUID();

describe('member PII encryption', () => {
  it('round-trips, including non-ASCII text', () => {
    const pii = { email: 'zoë@example.com', phone: '+33612345678', name: 'Zoë 李', birthday: '1990-02-28' };
    const blob = cipher.encrypt(pii, tenant, member);
    expect(blob.toString('utf8')).not.toContain('example.com');
    expect(cipher.decrypt(blob, tenant, member)).toEqual(pii);
  });

  it('refuses a ciphertext moved to another member or tenant', () => {
    const blob = cipher.encrypt({ email: 'a@b.co' }, tenant, member);
    expect(() => cipher.decrypt(blob, tenant, randomUUID())).toThrow();
    expect(() => cipher.decrypt(blob, randomUUID(), member)).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const blob = cipher.encrypt({ email: 'a@b.co' }, tenant, member);
    blob[blob.length - 1]! ^= 1;
    expect(() => cipher.decrypt(blob, tenant, member)).toThrow();
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt({ name: 'x' }, tenant, member).equals(cipher.encrypt({ name: 'x' }, tenant, member))).toBe(
      false,
    );
  });

  it('rejects a key of the wrong size', () => {
    expect(() => createPiiCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
