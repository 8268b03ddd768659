import { createAead } from '../../security/aead.ts';

// Members' personal data (email, phone, name, birthday) is encrypted at rest with AES-256-GCM,
// bound to its tenant and member, so a row's blob copied into another row does not decrypt.

export interface MemberPii {
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  birthday?: string | null;
}

export function createPiiCipher(keyBase64: string) {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('MEMBER_PII_KEY must be 32 bytes, base64-encoded');
  const aead = createAead(key);
  const aad = (tenantId: string, memberId: string) => `${tenantId}:${memberId}`;

  return {
    encrypt(pii: MemberPii, tenantId: string, memberId: string): Buffer {
      return aead.seal(JSON.stringify(pii), aad(tenantId, memberId));
    },
    decrypt(blob: Buffer | null, tenantId: string, memberId: string): MemberPii {
      if (!blob) return {};
      return JSON.parse(aead.open(blob, aad(tenantId, memberId))) as MemberPii;
    },
  };
}
export type PiiCipher = ReturnType<typeof createPiiCipher>;
