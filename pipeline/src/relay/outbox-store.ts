import type pg from 'pg';

// The relay's SQL, all on one dedicated connection that also holds the leader lock: if that
// connection dies the lock goes with it, and so does this relay's ability to mark rows, so a
// deposed leader cannot keep writing behind a new one.

export interface OutboxRow {
  id: number;
  eventId: string;
  tenantId: string;
  type: string;
  memberId: string | null;
  /** The event envelope as JSON text. */
  payload: string;
  createdAt: Date;
}

interface RawRow {
  id: string;
  event_id: string;
  tenant_id: string;
  type: string;
  member_id: string | null;
  payload: string;
  created_at: Date;
}

export interface OutboxStore {
  /** Session-level advisory lock: held until released or the connection ends. */
  tryLead(): Promise<boolean>;
  resign(): Promise<void>;
  /** Where a new leader resumes: the highest id already published. */
  lastPublishedId(): Promise<number>;
  unpublished(limit: number): Promise<OutboxRow[]>;
  markPublished(ids: number[]): Promise<void>;
  /** Virtual xids of other transactions holding a write lock on the outbox right now. */
  outboxWriters(): Promise<string[]>;
  anyAlive(vxids: string[]): Promise<boolean>;
  backlog(): Promise<number>;
}

// One key for the whole outbox: two relays must never drain it at once, whatever topic they
// were configured with (two topics would split the stream between them).
const LOCK_KEY = `hashtext('loyalty.outbox-relay')`;

export function createOutboxStore(client: pg.ClientBase): OutboxStore {
  return {
    async tryLead() {
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS ok`);
      return rows[0]?.ok === true;
    },
    async resign() {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
    },
    async lastPublishedId() {
      // Backwards over the primary key: recent rows are the published ones, so this stops early.
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM outbox WHERE published_at IS NOT NULL ORDER BY id DESC LIMIT 1',
      );
      return rows[0] ? Number(rows[0].id) : 0;
    },
    async unpublished(limit) {
      const { rows } = await client.query<RawRow>(
        `SELECT id, event_id, tenant_id, type, member_id, payload::text AS payload, created_at
           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        eventId: r.event_id,
        tenantId: r.tenant_id,
        type: r.type,
        memberId: r.member_id,
        payload: r.payload,
        createdAt: r.created_at,
      }));
    },
    async markPublished(ids) {
      if (ids.length === 0) return;
      await client.query(
        'UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
        [ids],
      );
    },
    async outboxWriters() {
      // An INSERT takes RowExclusiveLock on the table before it draws its id from the sequence
      // and keeps it until its transaction ends, so every transaction that holds an id not yet
      // visible to us is in this list (fast-path locks are listed too).
      const { rows } = await client.query<{ vxid: string }>(
        `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
          WHERE locktype = 'relation' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND relation = 'outbox'::regclass AND mode = 'RowExclusiveLock' AND pid IS DISTINCT FROM pg_backend_pid()`,
      );
      return rows.map((r) => r.vxid);
    },
    async anyAlive(vxids) {
      if (vxids.length === 0) return false;
      // Every transaction holds the lock on its own virtual xid until it ends.
      const { rows } = await client.query<{ alive: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY($1::text[])) AS alive`,
        [vxids],
      );
      return rows[0]?.alive === true;
    },
    async backlog() {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(rows[0]?.n ?? 0);
    },
  };
}
