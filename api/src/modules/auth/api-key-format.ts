import { randomBytes } from 'node:crypto';

// `lsk_<12 hex prefix>_<secret>`: the prefix is public (shown in lists, used for lookup); only a
// hash of the secret is stored, so a database leak does not leak usable keys.

const KEY = /^lsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; secret: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lsk_${prefix}_${secret}`, prefix, secret };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const m = KEY.exec(key);
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('lsk_');
}
