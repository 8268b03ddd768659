import { describe, expect, it } from 'vitest';
import { compactRows, existingIdsQuery } from './events-writer.ts';
import type { EventRow } from './steps.ts';

// The hand-built request texts: exact JSON per row, and nothing from a row can reach the SQL
// unchecked.

const row = (overrides: Partial<EventRow> = {}): EventRow => ({
  event_id: '0b9a3c1e-5f0d-4c6b-9d7e-2a1b3c4d5e6f',
  type: 'points_earned',
  tenant_id: '11111111-2222-4333-8444-555555555555',
  program_id: '66666666-7777-4888-9999-aaaaaaaaaaaa',
  member_id: null,
  occurred_at: '2026-03-04 05:06:07.089',
  data: '{"note":"a \\"quoted\\" é\\n","n":1}',
  kafka_partition: 3,
  kafka_offset: '18446744073709551615',
  ...overrides,
});

describe('compactRows', () => {
  it('writes one JSON array per row, in column order, that parses back to the row', () => {
    const rows = [row(), row({ member_id: 'fedcba98-7654-4321-8765-0123456789ab', kafka_offset: '0' })];
    const lines = compactRows(rows).toString('utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l) as unknown[])).toEqual(
      rows.map((r) => [
        r.event_id,
        r.type,
        r.tenant_id,
        r.program_id,
        r.member_id,
        r.occurred_at,
        r.data,
        r.kafka_partition,
        Number(r.kafka_offset),
      ]),
    );
    // The 64-bit offset is written as digits, not through a float.
    expect(lines[0]).toMatch(/,18446744073709551615\]$/);
  });

  it('grows past its first guess for large data', () => {
    const big = JSON.stringify({ s: 'ü'.repeat(5000) });
    expect(JSON.parse(compactRows([row({ data: big })]).toString('utf8'))[6]).toBe(big);
  });

  it('refuses a malformed id, timestamp or offset instead of writing it', () => {
    expect(() => compactRows([row({ event_id: "x','y" })])).toThrow(/event_id/);
    expect(() => compactRows([row({ occurred_at: '2026-03-04T05:06:07Z' })])).toThrow(/occurred_at/);
    expect(() => compactRows([row({ kafka_offset: '1e3' })])).toThrow(/kafka_offset/);
  });
});

describe('existingIdsQuery', () => {
  it('bounds the lookup by the batch tenants and time range and lists every id once', () => {
    const a = row({ occurred_at: '2026-03-04 05:06:07.089' });
    const b = row({ event_id: '2b9a3c1e-5f0d-4c6b-9d7e-2a1b3c4d5e6f', occurred_at: '2026-03-01 00:00:00.000' });
    const sql = existingIdsQuery('events', [a, b]);
    expect(sql).toContain(`tenant_id IN ('${a.tenant_id}')`);
    expect(sql).toContain("toDateTime64('2026-03-01 00:00:00.000', 3, 'UTC')");
    expect(sql).toContain("toDateTime64('2026-03-04 05:06:07.089', 3, 'UTC')");
    expect(sql).toContain(`'${a.event_id},${b.event_id}'`);
  });

  it('refuses a row whose id or tenant is not a UUID', () => {
    expect(() => existingIdsQuery('events', [row({ tenant_id: "') OR 1=1 --" })])).toThrow(/tenant_id/);
    expect(() => existingIdsQuery('events', [row({ event_id: 'nope' })])).toThrow(/event_id/);
  });
});
