-- Per-member features for dynamic segments: one row per member once merged, fed by two
-- views: profile fields from member_* and tier_changed events, ledger features from
-- ledger_entries inserts (each posting state once, see 0003).
--
-- "Latest" fields are argMax states ordered by (occurred_at, kafka_offset): the event time,
-- then the stream order (one member's events share a Kafka partition, in commit order) for
-- events of the same millisecond. Nullable values are wrapped in a one-element tuple because
-- argMax skips NULL values, and a tier or birth month can be cleared.
--
-- Segment SQL (shared/src/conditions/to-clickhouse.ts) runs against member_features_v below,
-- which has the column names that compiler writes. Kept forever (one row per member).
CREATE TABLE IF NOT EXISTS member_features (
  tenant_id         UUID,
  program_id        UUID,
  member_id         UUID,
  external_id       AggregateFunction(argMax, String, Tuple(DateTime64(3, 'UTC'), UInt64)),
  birth_month       AggregateFunction(argMax, Tuple(Nullable(UInt8)), Tuple(DateTime64(3, 'UTC'), UInt64)),
  attributes        AggregateFunction(argMax, String, Tuple(DateTime64(3, 'UTC'), UInt64)),
  tier              AggregateFunction(argMax, Tuple(Nullable(String)), Tuple(DateTime64(3, 'UTC'), UInt64)),
  joined_at         SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
  deleted           SimpleAggregateFunction(max, UInt8),
  balance           AggregateFunction(argMax, Int64, Tuple(DateTime64(3, 'UTC'), UInt64)),
  pending_points    AggregateFunction(argMax, Int64, Tuple(DateTime64(3, 'UTC'), UInt64)),
  lifetime_earned   AggregateFunction(argMax, Int64, Tuple(DateTime64(3, 'UTC'), UInt64)),
  lifetime_redeemed AggregateFunction(argMax, Int64, Tuple(DateTime64(3, 'UTC'), UInt64)),
  last_activity_at  SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
  transaction_count SimpleAggregateFunction(sum, UInt64),
  transaction_value SimpleAggregateFunction(sum, Int64),
  redemption_count  SimpleAggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY (tenant_id, program_id, member_id);

-- A deletion erases the birth month and attributes, as the members snapshot does.
-- tier_changed is expected to carry { tier: string | null } (the new tier's key).
CREATE MATERIALIZED VIEW IF NOT EXISTS member_features_profile_mv TO member_features AS
WITH
  (occurred_at, kafka_offset) AS v,
  type = 'member_deleted' AS is_deleted,
  type IN ('member_created', 'member_updated', 'member_deleted') AS is_member_event
SELECT
  tenant_id,
  program_id,
  assumeNotNull(member_id) AS member_id,
  argMaxStateIf(JSONExtractString(data, 'externalId'), v, is_member_event) AS external_id,
  argMaxStateIf(tuple(if(is_deleted, NULL, JSONExtract(data, 'birthMonth', 'Nullable(UInt8)'))), v, is_member_event) AS birth_month,
  argMaxStateIf(if(is_deleted OR JSONType(data, 'attributes') != 'Object', '{}', JSONExtractRaw(data, 'attributes')), v, is_member_event) AS attributes,
  argMaxStateIf(tuple(JSONExtract(data, 'tier', 'Nullable(String)')), v, type = 'tier_changed') AS tier,
  min(if(type = 'member_created', occurred_at, NULL)) AS joined_at,
  max(toUInt8(is_deleted)) AS deleted
FROM events_new
WHERE type IN ('member_created', 'member_updated', 'member_deleted', 'tier_changed') AND member_id IS NOT NULL
GROUP BY tenant_id, program_id, member_id;

-- Every posting event carries the balance after it, so balance and lifetime totals are the
-- latest snapshot, not a sum. A transaction is a posted earn (a confirmed hold included); its
-- value is metadata.amount when that is a whole number (minor units); anything else adds 0.
-- Activity is what the member did: an earn, a hold or a redemption, at its creation.
CREATE MATERIALIZED VIEW IF NOT EXISTS member_features_postings_mv TO member_features AS
WITH
  (occurred_at, kafka_offset) AS v,
  status = 'posted' AS posted,
  JSONType(metadata, 'amount') AS amount_type,
  JSONExtractFloat(metadata, 'amount') AS amount_float
SELECT
  tenant_id,
  program_id,
  member_id,
  argMaxState(balance_available, v) AS balance,
  argMaxState(balance_pending, v) AS pending_points,
  argMaxState(ledger_entries.lifetime_earned, v) AS lifetime_earned,
  argMaxState(ledger_entries.lifetime_redeemed, v) AS lifetime_redeemed,
  max(if(kind IN ('earn', 'redeem') AND resolved_at IS NULL, created_at, NULL)) AS last_activity_at,
  countIf(posted AND kind = 'earn') AS transaction_count,
  sumIf(
    multiIf(
      amount_type = 'Int64', JSONExtractInt(metadata, 'amount'),
      amount_type = 'Double' AND amount_float = floor(amount_float) AND abs(amount_float) < 9e15, toInt64(amount_float),
      0),
    posted AND kind = 'earn') AS transaction_value,
  countIf(posted AND kind = 'redeem') AS redemption_count
FROM ledger_entries
GROUP BY tenant_id, program_id, member_id;

-- Segment membership written back by segment evaluation (one row per member and segment,
-- latest evaluation wins); read by member_features_v as segment_ids. Empty until a writer
-- exists: segment_ids is then [] for everyone.
CREATE TABLE IF NOT EXISTS segment_memberships (
  tenant_id    UUID,
  program_id   UUID,
  member_id    UUID,
  segment_id   UUID,
  is_member    UInt8,
  evaluated_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(evaluated_at)
ORDER BY (tenant_id, program_id, member_id, segment_id);

-- The member-features contract of the condition compiler: these column names and types.
-- Deleted members are left out (no segment holds them). Add the tenant/program filter:
--   SELECT member_id FROM member_features_v WHERE tenant_id = {t:UUID} AND program_id = {p:UUID} AND (<compiled>)
CREATE VIEW IF NOT EXISTS member_features_v AS
SELECT
  f.tenant_id AS tenant_id,
  f.program_id AS program_id,
  f.member_id AS member_id,
  f.m_external_id AS external_id,
  f.m_tier AS tier,
  f.m_birth_month AS birthday_month,
  s.segment_ids AS segment_ids,
  f.m_balance AS balance,
  f.m_pending_points AS pending_points,
  f.m_lifetime_earned AS lifetime_earned,
  f.m_lifetime_redeemed AS lifetime_redeemed,
  f.m_last_activity_at AS last_activity_at,
  f.m_transaction_count AS transaction_count,
  f.m_transaction_value AS transaction_value,
  f.m_redemption_count AS redemption_count,
  f.m_attributes AS attributes,
  f.m_joined_at AS joined_at
FROM (
  SELECT
    tenant_id,
    program_id,
    member_id,
    argMaxMerge(external_id) AS m_external_id,
    argMaxMerge(tier).1 AS m_tier,
    argMaxMerge(birth_month).1 AS m_birth_month,
    argMaxMerge(balance) AS m_balance,
    argMaxMerge(pending_points) AS m_pending_points,
    argMaxMerge(lifetime_earned) AS m_lifetime_earned,
    argMaxMerge(lifetime_redeemed) AS m_lifetime_redeemed,
    max(last_activity_at) AS m_last_activity_at,
    sum(transaction_count) AS m_transaction_count,
    sum(transaction_value) AS m_transaction_value,
    sum(redemption_count) AS m_redemption_count,
    if(argMaxMerge(attributes) = '', '{}', argMaxMerge(attributes)) AS m_attributes,
    min(joined_at) AS m_joined_at,
    max(deleted) AS m_deleted
  FROM member_features
  GROUP BY tenant_id, program_id, member_id
) AS f
LEFT JOIN (
  SELECT tenant_id, program_id, member_id, groupArray(segment_id) AS segment_ids
  FROM segment_memberships FINAL
  WHERE is_member = 1
  GROUP BY tenant_id, program_id, member_id
) AS s ON s.tenant_id = f.tenant_id AND s.program_id = f.program_id AND s.member_id = f.member_id
WHERE f.m_deleted = 0;
