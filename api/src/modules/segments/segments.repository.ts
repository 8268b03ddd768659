import type { Condition, SegmentKind, SegmentView } from '@loyalty/shared';
import { Prisma, type Segment } from '../../generated/prisma/client.ts';
import type { PrismaTx } from '../../db/prisma.ts';
import type { Db } from '../../db/pool.ts';

/**
 * The membership rule of migration 006, as a HAVING clause over one member's rows of one segment:
 * in the segment when it has an include or rule row and no exclude row. member-facts.ts applies
 * the same rule at earn time; keep them identical.
 */
export const IN_SEGMENT = "bool_or(sm.source <> 'exclude') AND NOT bool_or(sm.source = 'exclude')";

export interface SegmentCounts {
  members: number;
  included: number;
  excluded: number;
}
const NO_COUNTS: SegmentCounts = { members: 0, included: 0, excluded: 0 };

export function segmentView(s: Segment, counts: SegmentCounts = NO_COUNTS): SegmentView {
  return {
    id: s.id,
    programId: s.programId,
    name: s.name,
    description: s.description,
    kind: s.kind as SegmentKind,
    condition: (s.condition as Record<string, unknown> | null) ?? null,
    memberCount: counts.members,
    includedCount: counts.included,
    excludedCount: counts.excluded,
    evaluatedAt: s.evaluatedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

const json = (c: Condition | null | undefined) => (c ? (c as unknown as Prisma.InputJsonValue) : Prisma.DbNull);

export const segmentsRepository = {
  find: (tx: PrismaTx, id: string) => tx.segment.findFirst({ where: { id, deletedAt: null } }),
  /** Serializes edits, deletion and membership changes of one segment. */
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM segments WHERE id = ${id}::uuid FOR UPDATE`,
  /**
   * Oldest first, keyset-paged after the segment `after`. Excluding the cursor row by id (rather
   * than Prisma's `skip: 1`) stays right when that row no longer matches the filter.
   */
  list: (tx: PrismaTx, programId: string, q: { kind?: SegmentKind; after?: string; limit: number }) =>
    tx.segment.findMany({
      where: {
        programId,
        deletedAt: null,
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.after ? { id: { not: q.after } } : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      ...(q.after ? { cursor: { id: q.after } } : {}),
      take: q.limit,
    }),
  create: (
    tx: PrismaTx,
    s: {
      tenantId: string;
      programId: string;
      name: string;
      description: string | null;
      kind: SegmentKind;
      condition: Condition | null;
    },
  ) => tx.segment.create({ data: { ...s, condition: json(s.condition) } }),
  update: (tx: PrismaTx, id: string, s: { name: string; description: string | null; condition: Condition | null }) =>
    tx.segment.update({ where: { id }, data: { ...s, condition: json(s.condition), updatedAt: new Date() } }),
  softDelete: (tx: PrismaTx, id: string) =>
    tx.segment.update({ where: { id }, data: { deletedAt: new Date(), updatedAt: new Date() } }),
};

/** Current, included and excluded member counts of several segments in one query; deleted members do not count. */
export async function segmentCounts(db: Db, segmentIds: readonly string[]): Promise<Map<string, SegmentCounts>> {
  const out = new Map<string, SegmentCounts>(segmentIds.map((id) => [id, NO_COUNTS]));
  if (segmentIds.length === 0) return out;
  const { rows } = await db.query<{ segment_id: string; members: number; included: number; excluded: number }>(
    `
    SELECT segment_id::text AS segment_id,
           count(*) FILTER (WHERE inside)::int AS members,
           count(*) FILTER (WHERE included)::int AS included,
           count(*) FILTER (WHERE excluded)::int AS excluded
      FROM (SELECT sm.segment_id, ${IN_SEGMENT} AS inside,
                   bool_or(sm.source = 'include') AS included, bool_or(sm.source = 'exclude') AS excluded
              FROM segment_members sm JOIN members m ON m.id = sm.member_id AND m.deleted_at IS NULL
             WHERE sm.segment_id = ANY($1::uuid[])
             GROUP BY sm.segment_id, sm.member_id) per_member
     GROUP BY segment_id`,
    [segmentIds],
  );
  for (const r of rows) out.set(r.segment_id, { members: r.members, included: r.included, excluded: r.excluded });
  return out;
}

/** Deleting a segment takes its membership rows with it. */
export async function deleteMembershipRows(db: Db, segmentId: string): Promise<void> {
  await db.query('DELETE FROM segment_members WHERE segment_id = $1::uuid', [segmentId]);
}

/** Live segments whose condition tests this one (a uuid in the stored JSON text is a reference). */
export async function segmentsTestingSegment(db: Db, segmentId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text AS id FROM segments WHERE deleted_at IS NULL AND id <> $1::uuid AND strpos(condition::text, $1::text) > 0 ORDER BY created_at',
    [segmentId],
  );
  return rows.map((r) => r.id);
}
