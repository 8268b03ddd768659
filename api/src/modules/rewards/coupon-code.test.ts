import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COUPON_ALPHABET, generateCouponCode } from './coupon-code.ts';

describe('generateCouponCode', () => {
  it('is the prefix then codeLength symbols of the alphabet', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9-]{0,20}$/), fc.integer({ min: 6, max: 32 }), (prefix, length) => {
        const code = generateCouponCode({ codePrefix: prefix, codeLength: length });
        expect(code.startsWith(prefix)).toBe(true);
        expect(code.length).toBe(prefix.length + length);
        for (const ch of code.slice(prefix.length)) expect(COUPON_ALPHABET).toContain(ch);
      }),
    );
  });

  it('leaves out look-alike characters and maps bytes without bias', () => {
    expect(COUPON_ALPHABET).toHaveLength(32);
    expect(new Set(COUPON_ALPHABET).size).toBe(32);
    for (const ch of '0O1I') expect(COUPON_ALPHABET).not.toContain(ch);
    expect(256 % COUPON_ALPHABET.length).toBe(0);
  });

  it('maps each random byte to one symbol', () => {
    const bytes = Uint8Array.from([0, 1, 31, 32, 255, 64]);
    expect(generateCouponCode({ codePrefix: 'GIFT-', codeLength: 6 }, () => bytes)).toBe('GIFT-AB9A9A');
  });

  it('draws distinct codes from the real random source', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => generateCouponCode({ codePrefix: '', codeLength: 10 })));
    expect(codes.size).toBe(10_000);
  });
});
