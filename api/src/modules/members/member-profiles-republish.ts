import type { Db } from '../../db/pool.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { memberUpdatedData } from './member-event-data.ts';

// When a program changes the attribute keys it declares free of personal data, what analytics
// hold about its members no longer matches: a newly declared key is missing, a withdrawn one is
// still there. Every live member's profile is published again, as a member_updated event with
// no changed field, in the program's transaction (the caller holds the program's row lock).
// One event per member: a large program makes this a large transaction, which is the price of
// never leaving analytics half-updated.

const PAGE = 1_000;

export async function republishMemberProfiles(
  db: Db,
  tenantId: string,
  programId: string,
  declared: readonly string[],
): Promise<number> {
  let after = '0';
  let published = 0;
  for (;;) {
    const { rows } = await db.query<{
      id: string;
      seq: string;
      birth_month: number | null;
      attributes: Record<string, unknown>;
    }>(
      `SELECT id, seq, birth_month, attributes FROM members
        WHERE program_id = $1 AND deleted_at IS NULL AND seq > $2::bigint
        ORDER BY seq LIMIT $3`,
      [programId, after, PAGE],
    );
    if (rows.length === 0) return published;
    await appendEvents(
      db,
      rows.map((m) => ({
        type: 'member_updated' as const,
        tenantId,
        programId,
        memberId: m.id,
        data: memberUpdatedData({ birthMonth: m.birth_month, attributes: m.attributes }, declared, []),
      })),
    );
    published += rows.length;
    after = rows.at(-1)!.seq;
  }
}
