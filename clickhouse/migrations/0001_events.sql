-- The raw stream: one row per event envelope as the Kafka -> ClickHouse sink inserts it
-- (JSONEachRow). This column list is a contract with the sink; change it only together.
--
-- Redelivery (at-least-once) may insert the same event_id again with other Kafka
-- coordinates. Its sorting key is identical (tenant, program, occurred_at and event_id all
-- come from the envelope), so ReplacingMergeTree collapses the copies on merge; queries
-- that must be exact before a merge read `events FINAL`. Derived tables never read this
-- table directly: they hang off the dedup stage (0002), which lets each event_id through once.
--
-- Retention: 25 months (two full years of month-over-month comparisons plus the current
-- month). Whole monthly parts are dropped, never rewritten.
CREATE TABLE IF NOT EXISTS events (
  event_id        UUID,
  type            LowCardinality(String),
  tenant_id       UUID,
  program_id      UUID,
  member_id       Nullable(UUID),
  occurred_at     DateTime64(3, 'UTC'),
  data            String,
  kafka_partition UInt16,
  kafka_offset    UInt64,
  ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant_id, program_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 25 MONTH
SETTINGS ttl_only_drop_parts = 1;
