import type { EventRow } from './events-table.ts';

// Erasure downstream: when the sink stores a member_deleted event, ClickHouse drops what it
// holds about that member beyond its UUID (a pseudonym once Postgres has erased the row it
// points to). Events carry no external id and only the attributes a program declares free of
// personal data (shared/src/events/member-events.ts), but a deleted member's birth month and
// attributes go too, and so would anything an older event still carried.
//
// Every table that keeps a member's profile, and how it is erased (a test walks system.tables
// after an erasure and finds nothing of the member's profile anywhere):
// - events: the profile events' `data` is emptied; the rows stay, so the event counts, the
//   dedup lookup by event id and a rebuild from `events` still see them.
// - members, member_segment_features: the rows from before the deletion go; the row the
//   deletion itself wrote (deleted = 1, nothing personal) stays, so the member stays deleted
//   (members_v, member_features_v and the member counts read it).
// Other tables hold no profile: event_ids (ids), ledger_entries and its rollups (postings),
// segment_memberships (ids). member_features (0007) was dropped by 0010 for holding profiles.
//
// They are ClickHouse mutations (ALTER TABLE ... UPDATE / DELETE): parts holding the member's
// rows are rewritten, so the values are gone from disk once the mutation has run, not only
// hidden. They run asynchronously: the statement returns when the mutation is recorded (it
// survives a restart, and applies to every part that exists at that moment, which includes the
// batch just inserted); system.mutations shows when it is done. Deletions are rare, and a
// sink batch issues one mutation per table for all the deletions it holds.

export interface ErasedMember {
  readonly tenantId: string;
  readonly memberId: string;
}

const PROFILE_EVENTS = "('member_created', 'member_updated', 'member_deleted')";
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Members per statement: keeps each mutation's text (and its stored command) bounded. */
export const ERASURE_CHUNK = 5_000;

/** The members a batch of rows deletes, each once. */
export function membersToErase(rows: readonly EventRow[]): ErasedMember[] {
  const found = new Map<string, ErasedMember>();
  for (const r of rows) {
    if (r.type !== 'member_deleted' || r.member_id === null) continue;
    const member = { tenantId: r.tenant_id.toLowerCase(), memberId: r.member_id.toLowerCase() };
    found.set(`${member.tenantId}/${member.memberId}`, member);
  }
  return [...found.values()];
}

function uuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new Error(`member erasure: ${what} ${JSON.stringify(value)} is not a UUID`);
  return `'${value.toLowerCase()}'`;
}

/** The mutations that erase these members (validated UUIDs only: nothing else reaches the SQL). */
export function memberErasureStatements(members: readonly ErasedMember[]): string[] {
  const statements: string[] = [];
  for (let i = 0; i < members.length; i += ERASURE_CHUNK) {
    const keys = members
      .slice(i, i + ERASURE_CHUNK)
      .map((m) => `(${uuid(m.tenantId, 'tenant id')}, ${uuid(m.memberId, 'member id')})`)
      .join(', ');
    const who = `(tenant_id, member_id) IN (${keys})`;
    statements.push(
      `ALTER TABLE events UPDATE data = '{}' WHERE type IN ${PROFILE_EVENTS} AND ${who}`,
      `ALTER TABLE members DELETE WHERE deleted = 0 AND ${who}`,
      `ALTER TABLE member_segment_features DELETE WHERE deleted = 0 AND ${who}`,
    );
  }
  return statements;
}
