import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Members' personal data (email, phone, name, birthday) is encrypted at rest with AES-256-GCM.
// The associated data binds a ciphertext to its tenant and member, so a row's blob copied into
// another row does not decrypt. Layout: version (1 byte) | iv (12) | tag (16) | ciphertext.

export interface MemberPii {
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  birthday?: string | null;
}

const VERSION = 1;

export function createPiiCipher(keyBase64: string) {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('MEMBER_PII_KEY must be 32 bytes, base64-encoded');
  const aad = (tenantId: string, memberId: string) => Buffer.from(`${tenantId}:${memberId}`);

  return {
    encrypt(pii: MemberPii, tenantId: string, memberId: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(tenantId, memberId));
      const body = Buffer.concat([cipher.update(JSON.stringify(pii), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(blob: Buffer | null, tenantId: string, memberId: string): MemberPii {
      if (!blob) return {};
      if (blob[0] !== VERSION) throw new Error(`unknown PII encryption version ${blob[0]}`);
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 13)).setAAD(aad(tenantId, memberId));
      decipher.setAuthTag(blob.subarray(13, 29));
      return JSON.parse(
        Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8'),
      ) as MemberPii;
    },
  };
}
export type PiiCipher = ReturnType<typeof createPiiCipher>;
