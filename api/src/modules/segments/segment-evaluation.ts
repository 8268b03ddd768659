import type pg from 'pg';
import { segmentConditionSchema, toClickHouseSql, type SegmentEvaluation } from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import type { Analytics } from '../../db/clickhouse.ts';
import { int } from '../../db/pool.ts';
import { IN_SEGMENT } from './segments.repository.ts';

// Evaluation of a segment. A dynamic or hybrid segment's condition runs in ClickHouse over the
// member features; the members it selects become its 'rule' rows in Postgres (a diff: rows of
// members that left are deleted, new ones inserted, nothing else touched). Then, for every kind
// (a static segment's curated list included), the resulting membership is written back to
// ClickHouse's segment_memberships, which segment conditions on member.segments and the segment
// comparison report read.

type Tx = pg.PoolClient;

interface SegmentRow {
  id: string;
  program_id: string;
  kind: 'static' | 'dynamic' | 'hybrid';
  condition: unknown;
}

/**
 * The segment query around a compiled condition (toClickHouseSql); parameters `tenant` and
 * `program` plus the condition's. Exported for the analytics bench, which times exactly this text.
 */
export const MATCHING_MEMBERS_SQL = (condition: string) => `SELECT toString(member_id) AS id FROM member_features_v
             WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID} AND (${condition})`;

/** The members the condition selects, from ClickHouse. */
async function matchingMembers(analytics: Analytics, tenantId: string, s: SegmentRow, now: Date): Promise<string[]> {
  const condition = segmentConditionSchema.parse(s.condition);
  const compiled = toClickHouseSql(condition, { now });
  const found = await analytics.read<[string]>(tenantId, {
    query: MATCHING_MEMBERS_SQL(compiled.sql),
    params: { ...compiled.params, tenant: tenantId, program: s.program_id },
    kind: 'members',
    format: 'JSONCompactEachRow',
  });
  return found.map((r) => r[0]);
}

// Members of another program, or deleted since ClickHouse last heard of them, are left out.
const APPLY_DIFF = `
  WITH target AS (SELECT DISTINCT unnest($2::uuid[]) AS member_id),
  removed AS (
    DELETE FROM segment_members sm
     WHERE sm.segment_id = $1 AND sm.source = 'rule'
       AND NOT EXISTS (SELECT 1 FROM target t JOIN members m ON m.id = t.member_id AND m.deleted_at IS NULL WHERE t.member_id = sm.member_id)
    RETURNING sm.member_id
  ), added AS (
    INSERT INTO segment_members (tenant_id, segment_id, member_id, source)
    SELECT m.tenant_id, $1, m.id, 'rule' FROM target t JOIN members m ON m.id = t.member_id
     WHERE m.program_id = $3 AND m.deleted_at IS NULL
    ON CONFLICT DO NOTHING
    RETURNING member_id
  )
  SELECT (SELECT count(*) FROM added) AS added, (SELECT count(*) FROM removed) AS removed`;

// The segment's live members, by the membership rule shared with the earn-time lookup.
const CURRENT_MEMBERS = `
  SELECT sm.member_id FROM segment_members sm JOIN members m ON m.id = sm.member_id AND m.deleted_at IS NULL
   WHERE sm.segment_id = $1 GROUP BY sm.member_id HAVING ${IN_SEGMENT}`;

export async function evaluateSegment(
  tx: Tx,
  analytics: Analytics,
  tenantId: string,
  segmentId: string,
  now = new Date(),
): Promise<SegmentEvaluation> {
  const started = performance.now();
  // Locked: two evaluations of one segment apply their diffs one after the other.
  const { rows } = await tx.query<SegmentRow>(
    'SELECT id, program_id, kind, condition FROM segments WHERE id = $1 AND deleted_at IS NULL FOR UPDATE',
    [segmentId],
  );
  const segment = rows[0];
  if (!segment) throw notFound('segment');
  let matched: string[] = [];
  let diff = { added: 0, removed: 0 };
  if (segment.kind !== 'static') {
    matched = await matchingMembers(analytics, tenantId, segment, now);
    const applied = await tx.query<{ added: string; removed: string }>(APPLY_DIFF, [
      segmentId,
      matched,
      segment.program_id,
    ]);
    diff = { added: int(applied.rows[0]!.added), removed: int(applied.rows[0]!.removed) };
  }
  await tx.query('UPDATE segments SET evaluated_at = $2 WHERE id = $1', [segmentId, now]);
  const members = (await tx.query<{ member_id: string }>(CURRENT_MEMBERS, [segmentId])).rows.map((r) => r.member_id);
  await writeBack(analytics, tenantId, segment, members, now);
  return {
    segmentId,
    evaluatedAt: now.toISOString(),
    matched: matched.length,
    ...diff,
    members: members.length,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Replaces the segment's membership in ClickHouse: current members get is_member 1, members
 * that left get 0 (segment_memberships is a ReplacingMergeTree on evaluated_at: the latest wins).
 */
async function writeBack(
  analytics: Analytics,
  tenantId: string,
  s: SegmentRow,
  members: string[],
  now: Date,
): Promise<void> {
  const published = await analytics.read<[string]>(tenantId, {
    query: `SELECT toString(member_id) AS id FROM segment_memberships FINAL
             WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID} AND segment_id = {segment:UUID} AND is_member = 1`,
    params: { tenant: tenantId, program: s.program_id, segment: s.id },
    kind: 'members',
    format: 'JSONCompactEachRow',
  });
  const current = new Set(members);
  const left = published.map((r) => r[0]).filter((m) => !current.has(m));
  const evaluatedAt = now.toISOString().replace('T', ' ').replace('Z', '');
  const row = (memberId: string, isMember: number) => ({
    tenant_id: tenantId,
    program_id: s.program_id,
    member_id: memberId,
    segment_id: s.id,
    is_member: isMember,
    evaluated_at: evaluatedAt,
  });
  const values = [...members.map((m) => row(m, 1)), ...left.map((m) => row(m, 0))];
  if (values.length > 0)
    await analytics.client().insert({ table: 'segment_memberships', values, format: 'JSONEachRow' });
}

/** Every segment of a program, oldest first. */
export async function segmentsOfProgram(tx: Tx, programId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM segments WHERE program_id = $1 AND deleted_at IS NULL ORDER BY created_at',
    [programId],
  );
  return rows.map((r) => r.id);
}
