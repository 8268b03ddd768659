import type { SegmentKind } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';
import { IN_SEGMENT } from './segments.repository.ts';

// Membership rows of the curated lists ('include', 'exclude'). Each bulk change is one statement
// over the whole id list (unnest), so 10,000 ids cost one round trip. Only live members of the
// segment's own program are written: row-level security hides other tenants' members, and the
// program filter the rest.

export type CuratedList = 'include' | 'exclude';

export interface MembershipSegment {
  id: string;
  tenantId: string;
  programId: string;
  kind: SegmentKind;
}

/** A live segment; `lock` holds it against deletion while its membership changes (deletion takes FOR UPDATE). */
export async function findSegmentForMembership(
  db: Db,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<MembershipSegment | undefined> {
  const { rows } = await db.query<{ id: string; tenant_id: string; program_id: string; kind: SegmentKind }>(
    `SELECT id, tenant_id, program_id, kind FROM segments WHERE id = $1::uuid AND deleted_at IS NULL${opts.lock ? ' FOR SHARE' : ''}`,
    [id],
  );
  const r = rows[0];
  return r && { id: r.id, tenantId: r.tenant_id, programId: r.program_id, kind: r.kind };
}

export interface AddResult {
  added: number;
  alreadyPresent: number;
  notFound: number;
  /** The members newly on the list, for the event. */
  addedIds: string[];
}

export async function addToList(
  db: Db,
  s: MembershipSegment,
  list: CuratedList,
  memberIds: readonly string[],
): Promise<AddResult> {
  const { rows } = await db.query<{ requested: number; found: number; added_ids: string[] }>(
    `
    WITH wanted AS (SELECT DISTINCT id FROM unnest($4::uuid[]) AS w(id)),
         valid AS (SELECT m.id FROM members m JOIN wanted w ON w.id = m.id
                    WHERE m.program_id = $2::uuid AND m.deleted_at IS NULL),
         ins AS (INSERT INTO segment_members (tenant_id, segment_id, member_id, source)
                 SELECT $1::uuid, $3::uuid, id, $5::text FROM valid
                 ON CONFLICT DO NOTHING
                 RETURNING member_id)
    SELECT (SELECT count(*) FROM wanted)::int AS requested,
           (SELECT count(*) FROM valid)::int AS found,
           ARRAY(SELECT member_id::text FROM ins) AS added_ids`,
    [s.tenantId, s.programId, s.id, memberIds, list],
  );
  const r = rows[0]!;
  return {
    added: r.added_ids.length,
    alreadyPresent: r.found - r.added_ids.length,
    notFound: r.requested - r.found,
    addedIds: r.added_ids,
  };
}

export interface RemoveResult {
  removed: number;
  notPresent: number;
  notFound: number;
  removedIds: string[];
}

export async function removeFromList(
  db: Db,
  s: MembershipSegment,
  list: CuratedList,
  memberIds: readonly string[],
): Promise<RemoveResult> {
  // A row of a since-deleted member is removed too (it counts as removed): cleaning up is harmless.
  const { rows } = await db.query<{ requested: number; found: number; removed_ids: string[] }>(
    `
    WITH wanted AS (SELECT DISTINCT id FROM unnest($3::uuid[]) AS w(id)),
         del AS (DELETE FROM segment_members sm USING wanted w
                  WHERE sm.segment_id = $2::uuid AND sm.source = $4::text AND sm.member_id = w.id
                  RETURNING sm.member_id),
         valid AS (SELECT m.id FROM members m JOIN wanted w ON w.id = m.id
                    WHERE m.program_id = $1::uuid AND m.deleted_at IS NULL)
    SELECT (SELECT count(*) FROM wanted)::int AS requested,
           (SELECT count(*) FROM (SELECT id FROM valid UNION SELECT member_id FROM del) known)::int AS found,
           ARRAY(SELECT member_id::text FROM del) AS removed_ids`,
    [s.programId, s.id, memberIds, list],
  );
  const r = rows[0]!;
  return {
    removed: r.removed_ids.length,
    notPresent: r.found - r.removed_ids.length,
    notFound: r.requested - r.found,
    removedIds: r.removed_ids,
  };
}

export interface SegmentMemberRow {
  member_id: string;
  external_id: string;
  sources: ('include' | 'exclude' | 'rule')[];
  added_at: Date;
}

/**
 * One page of a segment's current members (`which: 'members'`) or of its exclude list, ordered by
 * member id: the primary key (segment_id, member_id, source) streams it without a sort, however
 * large the segment.
 */
export async function listSegmentMembers(
  db: Db,
  segmentId: string,
  which: 'members' | 'excluded',
  afterMemberId: string | undefined,
  limit: number,
): Promise<SegmentMemberRow[]> {
  const having = which === 'members' ? IN_SEGMENT : "bool_or(sm.source = 'exclude')";
  const { rows } = await db.query<SegmentMemberRow>(
    `
    SELECT sm.member_id::text AS member_id, m.external_id,
           array_agg(sm.source ORDER BY sm.source) AS sources, min(sm.added_at) AS added_at
      FROM segment_members sm JOIN members m ON m.id = sm.member_id AND m.deleted_at IS NULL
     WHERE sm.segment_id = $1::uuid AND ($2::uuid IS NULL OR sm.member_id > $2::uuid)
     GROUP BY sm.member_id, m.external_id
    HAVING ${having}
     ORDER BY sm.member_id
     LIMIT $3`,
    [segmentId, afterMemberId ?? null, limit],
  );
  return rows;
}

/** The live segments a member is in now, by the same rule as the earn-time lookup. */
export async function segmentsOfMember(
  db: Db,
  memberId: string,
): Promise<{ id: string; name: string; kind: SegmentKind }[]> {
  const { rows } = await db.query<{ id: string; name: string; kind: SegmentKind }>(
    `
    SELECT s.id::text AS id, s.name, s.kind FROM segments s
     WHERE s.deleted_at IS NULL
       AND s.id IN (SELECT sm.segment_id FROM segment_members sm WHERE sm.member_id = $1::uuid
                     GROUP BY sm.segment_id HAVING ${IN_SEGMENT})
     ORDER BY s.created_at, s.id`,
    [memberId],
  );
  return rows;
}
