-- Member features with cheap aggregation states. member_features (0007) versions every
-- "latest" field by Tuple(occurred_at, kafka_offset) and wraps nullable values in a tuple;
-- argMax over tuple types takes ClickHouse's generic code path (values as Fields), so merging
-- one such column for 1,000,000 members costs 0.5-0.8 s on two cores, and member_features_v
-- (a GROUP BY over every member of the program) took 2-7 s per segment evaluation
-- (pipeline/bench, analytics part). Here the version is one UInt128,
--   version = occurred_at in ms << 64 | kafka_offset   (the same order as the tuple),
-- and a cleared value is a sentinel instead of NULL: tier '' (tier names are never empty),
-- birth month 0 (months are 1-12). argMax over String/Int64/UInt8 by UInt128 has specialized
-- states, and member_features_v reads the table with FINAL (a merge of sorted parts, no hash
-- table over a million keys): the same segment takes about a tenth of the time.
--
-- member_segment_features is created filled from member_features (the latest values, at
-- version 0, so any later event wins), then the views that fed member_features are dropped
-- and member_features_v is redefined on the new table with the same columns and types.
-- member_features stays as it was (no longer fed) and can be dropped later.
-- Apply with the sink paused, as for any rebuild (README): events ingested between the copy
-- and the new views would reach neither table.

CREATE TABLE IF NOT EXISTS member_segment_features (
  tenant_id         UUID,
  program_id        UUID,
  member_id         UUID,
  external_id       AggregateFunction(argMax, String, UInt128),
  -- 0: none (or erased by a deletion).
  birth_month       AggregateFunction(argMax, UInt8, UInt128),
  attributes        AggregateFunction(argMax, String, UInt128),
  -- '': none (no tier_changed yet, or { tier: null }).
  tier              AggregateFunction(argMax, String, UInt128),
  joined_at         SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
  deleted           SimpleAggregateFunction(max, UInt8),
  balance           AggregateFunction(argMax, Int64, UInt128),
  pending_points    AggregateFunction(argMax, Int64, UInt128),
  lifetime_earned   AggregateFunction(argMax, Int64, UInt128),
  lifetime_redeemed AggregateFunction(argMax, Int64, UInt128),
  last_activity_at  SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
  transaction_count SimpleAggregateFunction(sum, UInt64),
  transaction_value SimpleAggregateFunction(sum, Int64),
  redemption_count  SimpleAggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY (tenant_id, program_id, member_id)
AS SELECT
  tenant_id,
  program_id,
  member_id,
  initializeAggregation('argMaxState', m_external_id, toUInt128(0)) AS external_id,
  initializeAggregation('argMaxState', ifNull(m_birth_month, toUInt8(0)), toUInt128(0)) AS birth_month,
  initializeAggregation('argMaxState', m_attributes, toUInt128(0)) AS attributes,
  initializeAggregation('argMaxState', ifNull(m_tier, ''), toUInt128(0)) AS tier,
  m_joined_at AS joined_at,
  m_deleted AS deleted,
  initializeAggregation('argMaxState', m_balance, toUInt128(0)) AS balance,
  initializeAggregation('argMaxState', m_pending_points, toUInt128(0)) AS pending_points,
  initializeAggregation('argMaxState', m_lifetime_earned, toUInt128(0)) AS lifetime_earned,
  initializeAggregation('argMaxState', m_lifetime_redeemed, toUInt128(0)) AS lifetime_redeemed,
  m_last_activity_at AS last_activity_at,
  m_transaction_count AS transaction_count,
  m_transaction_value AS transaction_value,
  m_redemption_count AS redemption_count
FROM (
  SELECT
    tenant_id,
    program_id,
    member_id,
    argMaxMerge(external_id) AS m_external_id,
    argMaxMerge(birth_month).1 AS m_birth_month,
    argMaxMerge(attributes) AS m_attributes,
    argMaxMerge(tier).1 AS m_tier,
    min(joined_at) AS m_joined_at,
    max(deleted) AS m_deleted,
    argMaxMerge(balance) AS m_balance,
    argMaxMerge(pending_points) AS m_pending_points,
    argMaxMerge(lifetime_earned) AS m_lifetime_earned,
    argMaxMerge(lifetime_redeemed) AS m_lifetime_redeemed,
    max(last_activity_at) AS m_last_activity_at,
    sum(transaction_count) AS m_transaction_count,
    sum(transaction_value) AS m_transaction_value,
    sum(redemption_count) AS m_redemption_count
  FROM member_features
  GROUP BY tenant_id, program_id, member_id
);

-- The two views of 0007 with the new states: same fields, same rules.
CREATE MATERIALIZED VIEW IF NOT EXISTS member_segment_features_profile_mv TO member_segment_features AS
WITH
  bitShiftLeft(toUInt128(toUnixTimestamp64Milli(occurred_at)), 64) + kafka_offset AS v,
  type = 'member_deleted' AS is_deleted,
  type IN ('member_created', 'member_updated', 'member_deleted') AS is_member_event
SELECT
  tenant_id,
  program_id,
  assumeNotNull(member_id) AS member_id,
  argMaxStateIf(JSONExtractString(data, 'externalId'), v, is_member_event) AS external_id,
  argMaxStateIf(if(is_deleted, toUInt8(0), ifNull(JSONExtract(data, 'birthMonth', 'Nullable(UInt8)'), toUInt8(0))), v, is_member_event) AS birth_month,
  argMaxStateIf(if(is_deleted OR JSONType(data, 'attributes') != 'Object', '{}', JSONExtractRaw(data, 'attributes')), v, is_member_event) AS attributes,
  argMaxStateIf(ifNull(JSONExtract(data, 'tier', 'Nullable(String)'), ''), v, type = 'tier_changed') AS tier,
  min(if(type = 'member_created', occurred_at, NULL)) AS joined_at,
  max(toUInt8(is_deleted)) AS deleted
FROM events_new
WHERE type IN ('member_created', 'member_updated', 'member_deleted', 'tier_changed') AND member_id IS NOT NULL
GROUP BY tenant_id, program_id, member_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS member_segment_features_postings_mv TO member_segment_features AS
WITH
  bitShiftLeft(toUInt128(toUnixTimestamp64Milli(occurred_at)), 64) + kafka_offset AS v,
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

-- member_features is fed no more: every insert would otherwise pay for both tables.
DROP VIEW IF EXISTS member_features_profile_mv;
DROP VIEW IF EXISTS member_features_postings_mv;

-- The compiler contract of 0007, unchanged: same columns, types and rows. FINAL merges each
-- member's rows as it reads (deleted is filtered after that merge, outside the subquery).
CREATE OR REPLACE VIEW member_features_v AS
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
    finalizeAggregation(external_id) AS m_external_id,
    nullIf(finalizeAggregation(tier), '') AS m_tier,
    nullIf(finalizeAggregation(birth_month), 0) AS m_birth_month,
    finalizeAggregation(balance) AS m_balance,
    finalizeAggregation(pending_points) AS m_pending_points,
    finalizeAggregation(lifetime_earned) AS m_lifetime_earned,
    finalizeAggregation(lifetime_redeemed) AS m_lifetime_redeemed,
    -- The plain types, not SimpleAggregateFunction(...): the contract's column types.
    CAST(last_activity_at AS Nullable(DateTime64(3, 'UTC'))) AS m_last_activity_at,
    CAST(transaction_count AS UInt64) AS m_transaction_count,
    CAST(transaction_value AS Int64) AS m_transaction_value,
    CAST(redemption_count AS UInt64) AS m_redemption_count,
    if(finalizeAggregation(attributes) = '', '{}', finalizeAggregation(attributes)) AS m_attributes,
    CAST(joined_at AS Nullable(DateTime64(3, 'UTC'))) AS m_joined_at,
    deleted AS m_deleted
  FROM member_segment_features FINAL
) AS f
LEFT JOIN (
  SELECT tenant_id, program_id, member_id, groupArray(segment_id) AS segment_ids
  FROM segment_memberships FINAL
  WHERE is_member = 1
  GROUP BY tenant_id, program_id, member_id
) AS s ON s.tenant_id = f.tenant_id AND s.program_id = f.program_id AND s.member_id = f.member_id
WHERE f.m_deleted = 0;
