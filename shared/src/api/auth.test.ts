import { describe, expect, it } from 'vitest';
import { emailSchema } from './auth.ts';

describe('email addresses', () => {
  it('take mail servers’ limits: 64 characters before the @, 254 in all', () => {
    expect(emailSchema.safeParse(`${'a'.repeat(64)}@x.kz`).success).toBe(true);
    expect(emailSchema.safeParse(`${'a'.repeat(65)}@x.kz`).success).toBe(false);
    expect(emailSchema.safeParse(`a@${'b'.repeat(250)}.kz`).success).toBe(false);
    expect(emailSchema.parse('Ada@Example.com')).toBe('ada@example.com');
  });
});
