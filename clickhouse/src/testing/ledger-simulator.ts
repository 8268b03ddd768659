import { randomUUID } from 'node:crypto';
import { eventEnvelopeSchema, type EventEnvelope, type EventType } from '@loyalty/shared';

// Produces the event stream the API writes to its outbox, for tests of the analytics schema,
// and keeps the balances Postgres would hold: the truth ClickHouse must reproduce. Mirrors
// api/src/modules/ledger/ledger.service.ts (posting kinds, signs, balance deltas, the
// transaction_created + specific event pair per posting) and members.service.ts (event data
// without personal data: shared/src/events/member-events.ts; every attribute given here is
// published, as if the program declared all of them). A member's name here is the test's
// handle on it and never travels, like the external id it stands for. Each operation happens
// at the simulator's clock (see `at`).
//
// `eventShape: 'before-0010'` writes member events as the API did before personal data left
// them (external id and every attribute), for the schema upgrade test.

export interface SimBalance {
  available: number;
  pending: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
}

interface SimPosting {
  id: string;
  memberId: string;
  programId: string;
  kind: 'earn' | 'redeem' | 'adjust' | 'reverse' | 'expire';
  status: 'posted' | 'pending' | 'voided';
  points: number;
  reason: string | null;
  orderRef: string | null;
  reversesId: string | null;
  holdDeadline: string | null;
  expiresAt: string | null;
  actor: { type: string; id: string };
  metadata: Record<string, unknown>;
  createdAt: string;
  resolvedAt: string | null;
}

interface SimMember {
  id: string;
  name: string;
  birthMonth: number | null;
  attributes: Record<string, unknown>;
  balance: SimBalance;
  deleted: boolean;
}

export interface PostingOptions {
  orderRef?: string;
  reason?: string;
  metadata?: Record<string, unknown>;
}

const API_KEY_ACTOR = { type: 'api_key', id: 'test-key' };
const DAY_MS = 86_400_000;

export interface SimulatorOptions {
  eventShape?: 'current' | 'before-0010';
}

export function createLedgerSimulator(
  tenantId: string,
  programId: string,
  start: string,
  options: SimulatorOptions = {},
) {
  const legacy = options.eventShape === 'before-0010';
  let now = new Date(start);
  const events: EventEnvelope[] = [];
  const members = new Map<string, SimMember>();
  const postings = new Map<string, SimPosting>();

  const member = (id: string) => {
    const m = members.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  };
  const emit = (type: EventType, memberId: string, data: Record<string, unknown>) => {
    const envelope = { id: randomUUID(), type, tenantId, programId, memberId, occurredAt: now.toISOString(), data };
    events.push(eventEnvelopeSchema.parse(envelope));
  };
  const profile = (m: SimMember) => ({
    ...(legacy ? { externalId: m.name } : {}),
    birthMonth: m.birthMonth,
    attributes: m.attributes,
  });
  const record = (p: SimPosting, type: EventType) => {
    postings.set(p.id, p);
    const data = { posting: structuredClone(p), balance: { ...member(p.memberId).balance } };
    emit('transaction_created', p.memberId, data);
    emit(type, p.memberId, data);
    return p.id;
  };
  const newPosting = (
    memberId: string,
    fields: Pick<SimPosting, 'kind' | 'status' | 'points'> & Partial<SimPosting>,
    o: PostingOptions = {},
  ): SimPosting => ({
    id: randomUUID(),
    memberId,
    programId,
    reason: o.reason ?? null,
    orderRef: o.orderRef ?? null,
    reversesId: null,
    holdDeadline: null,
    expiresAt: null,
    actor: API_KEY_ACTOR,
    metadata: o.metadata ?? {},
    createdAt: now.toISOString(),
    resolvedAt: null,
    ...fields,
  });
  const apply = (memberId: string, delta: Partial<SimBalance>) => {
    const b = member(memberId).balance;
    b.available += delta.available ?? 0;
    b.pending += delta.pending ?? 0;
    b.lifetimeEarned += delta.lifetimeEarned ?? 0;
    b.lifetimeRedeemed += delta.lifetimeRedeemed ?? 0;
    if (b.available < 0) throw new Error(`member ${memberId} would go negative`);
  };
  const inAYear = () => new Date(now.getTime() + 365 * DAY_MS).toISOString();

  return {
    /** Moves the clock; events after this call carry this time. */
    at(iso: string) {
      now = new Date(iso);
      return this;
    },
    createMember(name: string, p: { birthMonth?: number | null; attributes?: Record<string, unknown> } = {}): string {
      const m: SimMember = {
        id: randomUUID(),
        name,
        birthMonth: p.birthMonth ?? null,
        attributes: p.attributes ?? {},
        balance: { available: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 },
        deleted: false,
      };
      members.set(m.id, m);
      emit('member_created', m.id, profile(m));
      return m.id;
    },
    updateMember(id: string, patch: { birthMonth?: number | null; attributes?: Record<string, unknown> }) {
      const m = member(id);
      if (patch.birthMonth !== undefined) m.birthMonth = patch.birthMonth;
      if (patch.attributes !== undefined) m.attributes = patch.attributes;
      emit('member_updated', id, { ...profile(m), changed: Object.keys(patch) });
    },
    deleteMember(id: string) {
      const m = member(id);
      m.deleted = true;
      emit('member_deleted', id, legacy ? { externalId: m.name } : {});
    },
    changeTier(id: string, tier: string | null, previousTier: string | null = null) {
      emit('tier_changed', id, { tier, previousTier });
    },
    earn(memberId: string, points: number, o?: PostingOptions): string {
      apply(memberId, { available: points, lifetimeEarned: points });
      return record(
        newPosting(memberId, { kind: 'earn', status: 'posted', points, expiresAt: inAYear() }, o),
        'points_earned',
      );
    },
    hold(memberId: string, points: number, o?: PostingOptions): string {
      apply(memberId, { pending: points });
      const deadline = new Date(now.getTime() + 7 * DAY_MS).toISOString();
      return record(
        newPosting(memberId, { kind: 'earn', status: 'pending', points, holdDeadline: deadline }, o),
        'points_pending',
      );
    },
    confirmHold(postingId: string): string {
      const p = postings.get(postingId)!;
      apply(p.memberId, { pending: -p.points, available: p.points, lifetimeEarned: p.points });
      return record(
        { ...p, status: 'posted', expiresAt: inAYear(), resolvedAt: now.toISOString() },
        'points_pending_confirmed',
      );
    },
    voidHold(postingId: string): string {
      const p = postings.get(postingId)!;
      apply(p.memberId, { pending: -p.points });
      return record({ ...p, status: 'voided', resolvedAt: now.toISOString() }, 'points_pending_voided');
    },
    redeem(memberId: string, points: number, o?: PostingOptions): string {
      apply(memberId, { available: -points, lifetimeRedeemed: points });
      return record(newPosting(memberId, { kind: 'redeem', status: 'posted', points: -points }, o), 'points_redeemed');
    },
    adjust(memberId: string, points: number, o?: PostingOptions): string {
      apply(memberId, { available: points });
      const expiresAt = points > 0 ? inAYear() : null;
      return record(
        newPosting(
          memberId,
          { kind: 'adjust', status: 'posted', points, expiresAt, actor: { type: 'user', id: 'admin' } },
          o,
        ),
        'points_adjusted',
      );
    },
    /** Claws back part of an earn, or refunds part of a redemption. */
    reverse(postingId: string, points: number, o?: PostingOptions): string {
      const original = postings.get(postingId)!;
      const clawBack = original.kind === 'earn';
      apply(
        original.memberId,
        clawBack ? { available: -points, lifetimeEarned: -points } : { available: points, lifetimeRedeemed: -points },
      );
      const fields = {
        kind: 'reverse' as const,
        status: 'posted' as const,
        points: clawBack ? -points : points,
        reversesId: original.id,
      };
      return record(
        newPosting(
          original.memberId,
          { ...fields, expiresAt: clawBack ? null : inAYear() },
          { orderRef: original.orderRef ?? undefined, ...o },
        ),
        'points_reversed',
      );
    },
    expire(memberId: string, points: number): string {
      apply(memberId, { available: -points });
      const reason = 'points reached their expiry date';
      return record(
        newPosting(memberId, {
          kind: 'expire',
          status: 'posted',
          points: -points,
          reason,
          actor: { type: 'system', id: 'expiry' },
        }),
        'points_expired',
      );
    },
    events: (): readonly EventEnvelope[] => events,
    balance: (memberId: string): SimBalance => ({ ...member(memberId).balance }),
    isDeleted: (memberId: string) => member(memberId).deleted,
    /** Member id -> the name it was created with (test output keyed by names). */
    names: (): ReadonlyMap<string, string> => new Map([...members.values()].map((m) => [m.id, m.name])),
  };
}
export type LedgerSimulator = ReturnType<typeof createLedgerSimulator>;
