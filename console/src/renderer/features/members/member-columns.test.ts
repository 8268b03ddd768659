import { describe, expect, it } from 'vitest';
import { formattersFor } from '../formatting/formatters.ts';
import { memberColumns, type Member } from './member-columns.ts';

const ada: Member = {
  id: '0190c3c0-0000-7000-8000-000000000001',
  programId: '0190c3c0-0000-7000-8000-000000000002',
  externalId: 'cust-1',
  email: 'ada@example.com',
  phone: null,
  name: null,
  birthday: null,
  attributes: {},
  balance: { available: 12345, pending: 0, lifetimeEarned: 20000, lifetimeRedeemed: 7655 },
  createdAt: '2025-12-31T23:30:00.000Z',
  updatedAt: '2025-12-31T23:30:00.000Z',
};

describe('memberColumns', () => {
  it('shows points with the locale grouping, right-aligned, and missing values as a dash', () => {
    const columns = memberColumns(formattersFor('en-US', 'UTC'));
    const row = Object.fromEntries(columns.map((c) => [c.id, c.text(ada)]));
    expect(row).toMatchObject({ externalId: 'cust-1', name: '—', available: '12,345', lifetimeEarned: '20,000' });
    expect(columns.filter((c) => c.align === 'end').map((c) => c.id)).toEqual([
      'available',
      'lifetimeEarned',
      'createdAt',
    ]);
  });

  it("dates a member by the program's time zone, not the computer's", () => {
    const paris = memberColumns(formattersFor('en-GB', 'Europe/Paris')).find((c) => c.id === 'createdAt')!;
    const utc = memberColumns(formattersFor('en-GB', 'UTC')).find((c) => c.id === 'createdAt')!;
    expect(paris.text(ada)).toBe('1 Jan 2026');
    expect(utc.text(ada)).toBe('31 Dec 2025');
  });

  it('formats in the user locale', () => {
    const columns = memberColumns(formattersFor('de-DE', 'UTC'));
    expect(columns.find((c) => c.id === 'available')!.text(ada)).toBe('12.345');
  });
});
