import { describe, expect, it } from 'vitest';
import { memberBodyOf, memberImportKey, membersCsvHeader, MembersCsvError } from './member-rows.ts';

const header = (...columns: string[]) => membersCsvHeader({ line: 1, fields: columns });

describe('membersCsvHeader', () => {
  it('accepts the profile columns and attributes.<key>, in any order', () => {
    expect(header('name', ' externalId ', 'attributes.store').columns).toEqual([
      'name',
      'externalId',
      'attributes.store',
    ]);
  });

  it('refuses unknown, repeated or missing columns', () => {
    expect(() => header('externalId', 'mail')).toThrow(/unknown column "mail"/);
    expect(() => header('externalId', 'attributes.')).toThrow(MembersCsvError);
    expect(() => header('externalId', 'email', 'email')).toThrow(/"email" appears twice/);
    expect(() => header('email')).toThrow(/no externalId column/);
  });
});

describe('memberBodyOf', () => {
  const h = header('externalId', 'email', 'name', 'birthday', 'attributes.store');

  it('leaves empty cells out and gathers attributes', () => {
    expect(memberBodyOf(h, { line: 2, fields: [' c-1 ', 'a@b.example', '', '1990-01-31', 'Paris'] })).toEqual({
      externalId: 'c-1',
      email: 'a@b.example',
      birthday: '1990-01-31',
      attributes: { store: 'Paris' },
    });
    expect(memberBodyOf(h, { line: 3, fields: ['c-2', '', '', '', ''] })).toEqual({ externalId: 'c-2' });
  });

  it('says why a row has no body', () => {
    expect(memberBodyOf(h, { line: 2, fields: ['c-1'] })).toEqual({ error: '1 fields where the header has 5' });
    expect(memberBodyOf(h, { line: 2, fields: ['', 'a@b.example', '', '', ''] })).toEqual({
      error: 'externalId is empty',
    });
  });
});

describe('memberImportKey', () => {
  it('is the same for the same program and externalId, different otherwise, and a valid header value', () => {
    const key = memberImportKey('p1', 'cust 1 é');
    expect(key).toBe(memberImportKey('p1', 'cust 1 é'));
    expect(key).not.toBe(memberImportKey('p2', 'cust 1 é'));
    expect(key).not.toBe(memberImportKey('p1', 'cust 2'));
    // Idempotency-Key: printable ASCII, 1 to 255 characters, whatever the externalId holds.
    expect(memberImportKey('p1', 'x'.repeat(1000))).toMatch(/^[\x21-\x7e]{1,255}$/);
  });
});
