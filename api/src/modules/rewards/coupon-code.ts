import { randomBytes } from 'node:crypto';

// Coupon codes are read aloud at tills and typed from screens: no 0/O or 1/I look-alikes, and
// 32 symbols, so one random byte maps to one symbol without bias (256 = 8 x 32).
export const COUPON_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random code: `codePrefix` then `codeLength` symbols; `random` is injectable for tests. */
export function generateCouponCode(
  settings: { codePrefix: string; codeLength: number },
  random: (bytes: number) => Uint8Array = randomBytes,
): string {
  const bytes = random(settings.codeLength);
  let code = settings.codePrefix;
  for (let i = 0; i < settings.codeLength; i++) code += COUPON_ALPHABET[bytes[i]! % COUPON_ALPHABET.length];
  return code;
}
