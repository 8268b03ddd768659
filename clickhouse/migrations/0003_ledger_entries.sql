-- One row per posting, in its latest state, parsed from `transaction_created` events (every
-- posting state emits one; the specific points_* event carries the same data and is not
-- read here, so nothing is counted twice).
--
-- A pending hold is later confirmed (status posted) or voided under the same posting id:
-- the sorting key leaves the status out so the later state replaces the pending row.
-- created_at is the posting's creation time, identical in every state, so all states of a
-- posting share a partition (ReplacingMergeTree only replaces within one).
--
-- version: a terminal state (posted, voided) always beats pending, whatever the clocks of
-- the API hosts that wrote the two events; within a rank the later event wins.
--   version = (status != 'pending') << 48 | occurred_at in ms
-- Read it with FINAL (or the ledger_entries_v view) for exact current states.
CREATE TABLE IF NOT EXISTS ledger_entries (
  tenant_id         UUID,
  program_id        UUID,
  member_id         UUID,
  posting_id        UUID,
  kind              LowCardinality(String),
  status            LowCardinality(String),
  points            Int64,
  reason            Nullable(String),
  order_ref         Nullable(String),
  reverses_id       Nullable(UUID),
  hold_deadline     Nullable(DateTime64(3, 'UTC')),
  expires_at        Nullable(DateTime64(3, 'UTC')),
  actor_type        LowCardinality(String),
  actor_id          String,
  metadata          String,
  created_at        DateTime64(3, 'UTC'),
  resolved_at       Nullable(DateTime64(3, 'UTC')),
  -- The member's balance right after this posting state.
  balance_available Int64,
  balance_pending   Int64,
  lifetime_earned   Int64,
  lifetime_redeemed Int64,
  -- Lineage of the state: the event that produced it.
  event_id          UUID,
  occurred_at       DateTime64(3, 'UTC'),
  kafka_offset      UInt64,
  version           UInt64,
  INDEX member_idx member_id TYPE bloom_filter GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created_at)
ORDER BY (tenant_id, program_id, created_at, posting_id);

-- Malformed data must not block the stream (a throwing view fails the sink's whole batch,
-- forever): unparseable ids become the zero UUID and bad timestamps NULL / epoch, which a
-- health query can find.
CREATE MATERIALIZED VIEW IF NOT EXISTS ledger_entries_mv TO ledger_entries AS
WITH
  JSONExtract(data, 'posting', 'Tuple(id String, memberId String, kind String, status String, points Int64, reason Nullable(String), orderRef Nullable(String), reversesId Nullable(String), holdDeadline Nullable(String), expiresAt Nullable(String), actor Tuple(type String, id String), metadata String, createdAt String, resolvedAt Nullable(String))') AS p,
  JSONExtract(data, 'balance', 'Tuple(available Int64, pending Int64, lifetimeEarned Int64, lifetimeRedeemed Int64)') AS b
SELECT
  tenant_id,
  program_id,
  ifNull(member_id, toUUIDOrZero(p.memberId)) AS member_id,
  toUUIDOrZero(p.id) AS posting_id,
  p.kind AS kind,
  p.status AS status,
  p.points AS points,
  p.reason AS reason,
  p.orderRef AS order_ref,
  toUUIDOrNull(p.reversesId) AS reverses_id,
  parseDateTime64BestEffortOrNull(p.holdDeadline, 3, 'UTC') AS hold_deadline,
  parseDateTime64BestEffortOrNull(p.expiresAt, 3, 'UTC') AS expires_at,
  p.actor.type AS actor_type,
  p.actor.id AS actor_id,
  if(p.metadata = '', '{}', p.metadata) AS metadata,
  parseDateTime64BestEffortOrZero(p.createdAt, 3, 'UTC') AS created_at,
  parseDateTime64BestEffortOrNull(p.resolvedAt, 3, 'UTC') AS resolved_at,
  b.available AS balance_available,
  b.pending AS balance_pending,
  b.lifetimeEarned AS lifetime_earned,
  b.lifetimeRedeemed AS lifetime_redeemed,
  event_id,
  occurred_at,
  kafka_offset,
  bitShiftLeft(toUInt64(p.status != 'pending'), 48) + toUInt64(toUnixTimestamp64Milli(occurred_at)) AS version
FROM events_new
WHERE type = 'transaction_created';

-- Current state of every posting, for people who would forget FINAL.
CREATE VIEW IF NOT EXISTS ledger_entries_v AS
SELECT * FROM ledger_entries FINAL;
