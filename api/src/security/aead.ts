import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Authenticated encryption (AES-256-GCM) for data at rest. The associated data binds each
// ciphertext to the row it belongs to, so a blob copied into another row does not open.
// Layout: version (1 byte) | iv (12) | tag (16) | ciphertext.

const VERSION = 1;
const IV_END = 13;
const TAG_END = 29;

export interface Aead {
  seal(plaintext: string, associatedData: string): Buffer;
  open(blob: Buffer, associatedData: string): string;
}

export function createAead(key: Buffer): Aead {
  if (key.length !== 32) throw new Error('an AES-256-GCM key must be 32 bytes');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(blob, associatedData) {
      if (blob[0] !== VERSION) throw new Error(`unknown encryption version ${blob[0]}`);
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, IV_END));
      decipher.setAAD(Buffer.from(associatedData)).setAuthTag(blob.subarray(IV_END, TAG_END));
      return Buffer.concat([decipher.update(blob.subarray(TAG_END)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * A key for one purpose derived from a master key (HKDF-SHA256), so one configured secret can
 * protect several kinds of data without any two sharing a key.
 */
export function derivePurposeKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `loyalty-studio:${purpose}`, 32));
}
