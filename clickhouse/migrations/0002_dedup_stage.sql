-- The dedup stage: every derived table is fed from `events_new`, which sees each event_id
-- once, however often the sink delivers it. Incremental materialized views only ever see
-- the inserted block, so a re-delivered event would otherwise be added to every sum twice.
--
--   events --events_dedup_mv--> events_new (Null engine: stores nothing, fans out)
--                                  |--event_ids_mv--> event_ids (ids already let through)
--                                  |--...derived views (0003+)
--
-- events_dedup_mv keeps a row of the inserted block only if its (occurred_at, event_id) is
-- not in event_ids yet, and keeps one row per event_id inside the block. Inside a
-- materialized view every reference to `events`, subqueries included, is the inserted
-- block, so the lookup reads event_ids only over the block's own occurred_at range and ids
-- (a live batch spans seconds: a few granules). Duplicates carry the envelope's
-- occurred_at, so they always fall inside that range.
--
-- Exactness assumes inserts carrying the same event are not concurrent: the sink inserts a
-- partition's batches one after another, and a duplicate travels in its original's
-- partition (Kafka key = member id). See README "Duplicates" for the residual cases.

CREATE TABLE IF NOT EXISTS event_ids (
  occurred_at DateTime64(3, 'UTC'),
  event_id    UUID,
  tenant_id   UUID
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (occurred_at, event_id)
-- As long as the raw events: an id forgotten earlier could be let through a second time.
TTL toDateTime(occurred_at) + INTERVAL 25 MONTH
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS events_new AS events ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS events_dedup_mv TO events_new AS
SELECT *
FROM events
WHERE (occurred_at, event_id) NOT IN (
  SELECT occurred_at, event_id
  FROM event_ids
  WHERE occurred_at >= (SELECT min(occurred_at) FROM events)
    AND occurred_at <= (SELECT max(occurred_at) FROM events)
    AND event_id IN (SELECT event_id FROM events)
)
LIMIT 1 BY event_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS
SELECT occurred_at, event_id, tenant_id
FROM events_new;
