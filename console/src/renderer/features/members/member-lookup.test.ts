import { describe, expect, it } from 'vitest';
import { memberLookupOf } from './member-lookup.ts';

describe('memberLookupOf', () => {
  it('reads a member id, an external id, or nothing', () => {
    expect(memberLookupOf('  ')).toEqual({ kind: 'none' });
    expect(memberLookupOf('0190C3C0-0000-7000-8000-000000000001')).toEqual({
      kind: 'member-id',
      memberId: '0190c3c0-0000-7000-8000-000000000001',
    });
    expect(memberLookupOf(' cust-42 ')).toEqual({ kind: 'external-id', externalId: 'cust-42' });
  });

  it('recognises an e-mail address, which the API cannot search by', () => {
    expect(memberLookupOf('ada@example.com')).toEqual({ kind: 'email-unsupported', email: 'ada@example.com' });
  });
});
