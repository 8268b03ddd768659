import { conditionPredicates, type Condition } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import type { Db } from '../../db/pool.ts';

// Other configuration points at segments: campaign targeting lists them, and any condition can
// test `member.segments`. A reference must name a live segment of the same program; a segment
// of another program (or tenant) would silently never match.

/** The segment ids a condition tests through `member.segments`, each once. */
export function segmentIdsInCondition(condition: Condition | null | undefined): string[] {
  const found = new Set<string>();
  for (const predicate of conditionPredicates(condition)) {
    if (predicate.field !== 'member.segments') continue;
    const values = Array.isArray(predicate.value) ? predicate.value : [predicate.value];
    for (const v of values) if (typeof v === 'string') found.add(v);
  }
  return [...found];
}

/**
 * Which of `ids` are not live segments of the program (RLS hides other tenants' segments). The
 * ones found stay share-locked until the transaction ends, so a concurrent delete of a segment
 * (which takes FOR UPDATE) cannot slip between this check and the reference being saved.
 */
export async function unknownSegmentIds(db: Db, programId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text AS id FROM segments WHERE id = ANY($1::uuid[]) AND program_id = $2::uuid AND deleted_at IS NULL FOR SHARE',
    [ids, programId],
  );
  const known = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !known.has(id.toLowerCase()));
}

/** Refuses references to segments outside the program (404: what they name is not found), naming the field and the ids. */
export async function assertSegmentsInProgram(
  db: Db,
  programId: string,
  ids: readonly string[],
  field: string,
): Promise<void> {
  const unknown = await unknownSegmentIds(db, programId, [...new Set(ids)]);
  if (unknown.length > 0) {
    throw new DomainError(
      'not_found',
      `${field} names segments that do not exist in this program: ${unknown.join(', ')}`,
      { field, unknownSegmentIds: unknown },
    );
  }
}
