import { describe, expect, it } from 'vitest';
import type { EventRow } from './events-table.ts';
import { ERASURE_CHUNK, memberErasureStatements, membersToErase } from './member-erasure.ts';

const T = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';
const M = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const N = '16fd2706-8baf-433b-82eb-8c7fada847da';

function row(type: string, memberId: string | null, tenantId = T): EventRow {
  return {
    event_id: '00000000-0000-4000-8000-000000000000',
    type,
    tenant_id: tenantId,
    program_id: T,
    member_id: memberId,
    occurred_at: '2026-01-01 00:00:00.000',
    data: '{}',
    kafka_partition: 0,
    kafka_offset: '1',
  };
}

describe('membersToErase', () => {
  it('finds each deleted member once, and nothing else', () => {
    const rows = [
      row('member_created', M),
      row('member_deleted', M),
      row('member_deleted', M.toUpperCase()),
      row('points_earned', N),
      row('member_deleted', null),
      row('member_deleted', N),
    ];
    expect(membersToErase(rows)).toEqual([
      { tenantId: T, memberId: M },
      { tenantId: T, memberId: N },
    ]);
  });
});

describe('memberErasureStatements', () => {
  it('empties the profile events and drops the profile rows from before the deletion', () => {
    const who = `(tenant_id, member_id) IN (('${T}', '${M}'), ('${T}', '${N}'))`;
    expect(
      memberErasureStatements([
        { tenantId: T, memberId: M },
        { tenantId: T, memberId: N.toUpperCase() },
      ]),
    ).toEqual([
      `ALTER TABLE events UPDATE data = '{}' WHERE type IN ('member_created', 'member_updated', 'member_deleted') AND ${who}`,
      `ALTER TABLE members DELETE WHERE deleted = 0 AND ${who}`,
      `ALTER TABLE member_segment_features DELETE WHERE deleted = 0 AND ${who}`,
    ]);
  });

  it('says nothing for no member, and splits many members into bounded statements', () => {
    expect(memberErasureStatements([])).toEqual([]);
    const many = Array.from({ length: ERASURE_CHUNK + 1 }, () => ({ tenantId: T, memberId: M }));
    expect(memberErasureStatements(many)).toHaveLength(6);
  });

  it('refuses anything but UUIDs', () => {
    expect(() => memberErasureStatements([{ tenantId: T, memberId: "x') OR 1 = 1 --" }])).toThrow(
      'member id "x\') OR 1 = 1 --" is not a UUID',
    );
  });
});
