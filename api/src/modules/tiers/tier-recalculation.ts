import type { TierBasis } from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import type { Db } from '../../db/pool.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { applyTierMoves, liveTiersSql, planMove, type PlannedMove, type TierInputs } from './tier-assignment.ts';
import type { TierStep } from './tier-rules.ts';

// Recalculation after thresholds, tiers or the program's tier basis changed: one page of a
// program's members per call, in member order. Idempotent: a member already in the right tier
// is not touched, so running a page twice changes nothing the second time.

export interface RecalculationPage {
  examined: number;
  changed: number;
  nextCursor: string | null;
}

const MEMBER_TIER_COLUMNS = 'b.member_id, m.program_id, b.available, b.lifetime_earned, b.tier_id';
const MEMBER_TIER_FROM = 'members m JOIN member_balances b ON b.member_id = m.id';

type MemberTierInputs = Omit<TierInputs, 'tier_basis' | 'tiers'>;

// Deadlocks are possible (a posting batch holds some of these members' locks and waits for
// another we hold); the database breaks them by failing one side, and we retry ours.
const DEADLOCK = '40P01';
const ATTEMPTS = 3;

export async function retryOnDeadlock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await db.query('SAVEPOINT tier_recalculation');
    try {
      const result = await fn();
      await db.query('RELEASE SAVEPOINT tier_recalculation');
      return result;
    } catch (err) {
      if ((err as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw err;
      await db.query('ROLLBACK TO SAVEPOINT tier_recalculation');
    }
  }
}

export async function recalculateTiers(
  db: Db,
  tenantId: string,
  programId: string,
  page: { afterSeq?: string; limit: number },
): Promise<RecalculationPage> {
  const program = await db.query<{ tier_basis: TierBasis; tiers: TierStep[] | null }>(
    `SELECT coalesce(p.settings->>'tierBasis', 'lifetime_earned') AS tier_basis, ${liveTiersSql('p.id')} AS tiers FROM programs p WHERE p.id = $1`,
    [programId],
  );
  const ctx = program.rows[0];
  if (!ctx) throw notFound('program');
  const plan = (r: MemberTierInputs) => planMove({ ...r, tier_basis: ctx.tier_basis, tiers: ctx.tiers }, null);

  // Read without locks first: most members are already right and need no lock at all.
  const { rows } = await db.query<MemberTierInputs & { seq: string }>(
    `SELECT m.seq, ${MEMBER_TIER_COLUMNS} FROM ${MEMBER_TIER_FROM}
      WHERE m.program_id = $1 AND m.deleted_at IS NULL AND ($2::bigint IS NULL OR m.seq > $2)
      ORDER BY m.seq LIMIT $3`,
    [programId, page.afterSeq ?? null, page.limit + 1],
  );
  const examined = rows.slice(0, page.limit);
  const nextCursor = rows.length > page.limit ? examined[examined.length - 1]!.seq : null;
  const candidates = examined.filter((r) => plan(r) !== null).map((r) => r.member_id);
  if (candidates.length === 0) return { examined: examined.length, changed: 0, nextCursor };

  // Lock the candidates (in id order) and plan again on what is committed now: postings may
  // have moved them since the read above.
  const events = await retryOnDeadlock(db, async () => {
    const locked = await db.query<MemberTierInputs>(
      `SELECT ${MEMBER_TIER_COLUMNS} FROM ${MEMBER_TIER_FROM} WHERE b.member_id = ANY($1::uuid[]) ORDER BY b.member_id FOR UPDATE OF b`,
      [candidates],
    );
    const moves = locked.rows.map(plan).filter((m): m is PlannedMove => m !== null);
    return applyTierMoves(db, tenantId, 'recalculation', moves);
  });
  await appendEvents(db, events);
  return { examined: examined.length, changed: events.length, nextCursor };
}
