-- Real-time KPI rollups per tenant and program, per UTC hour and per UTC day.
--
-- They are fed from ledger_entries inserts, not from the table: each inserted row is one
-- posting state seen for the first time (ledger_entries is fed from the dedup stage), so
-- every posting state is counted exactly once. A hold counts as held when it opens and as
-- issued (earn_postings, points_issued) when it is confirmed; a voided hold issues nothing.
-- The bucket is the time of the state change (the event's occurred_at).
--
-- Points measures are positive amounts, and
--   net_points = points_issued + points_refunded
--              - points_redeemed - points_expired - points_clawed_back - points_debited
-- is the change of the members' available balance, so summing net_points over all time
-- equals the sum of balances in Postgres. postings counts postings as they become posted
-- (earn, redeem, adjust, reverse, expire, confirmed holds). points_held / holds_opened are
-- the holds opened in the bucket; they reach a balance only through holds_confirmed.
--
-- active_members: members with an earn, hold or redemption created in the bucket; uniq is
-- exact up to 65,536 members per bucket, then an estimate within about 1%. Over a longer
-- range, merge the states (uniqMerge), never add the numbers.
--
-- Rollups are small and kept forever. Days are UTC days: a report in a program's time zone
-- sums hourly buckets (exact for whole-hour offsets).

CREATE TABLE IF NOT EXISTS kpi_hourly (
  tenant_id          UUID,
  program_id         UUID,
  hour               DateTime('UTC'),
  points_issued      SimpleAggregateFunction(sum, Int64),
  points_redeemed    SimpleAggregateFunction(sum, Int64),
  points_expired     SimpleAggregateFunction(sum, Int64),
  points_clawed_back SimpleAggregateFunction(sum, Int64),
  points_refunded    SimpleAggregateFunction(sum, Int64),
  points_debited     SimpleAggregateFunction(sum, Int64),
  net_points         SimpleAggregateFunction(sum, Int64),
  points_held        SimpleAggregateFunction(sum, Int64),
  postings           SimpleAggregateFunction(sum, UInt64),
  earn_postings      SimpleAggregateFunction(sum, UInt64),
  redemptions        SimpleAggregateFunction(sum, UInt64),
  holds_opened       SimpleAggregateFunction(sum, UInt64),
  holds_confirmed    SimpleAggregateFunction(sum, UInt64),
  holds_voided       SimpleAggregateFunction(sum, UInt64),
  members_created    SimpleAggregateFunction(sum, UInt64),
  members_deleted    SimpleAggregateFunction(sum, UInt64),
  active_members     AggregateFunction(uniq, UUID)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, program_id, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_hourly_postings_mv TO kpi_hourly AS
WITH status = 'posted' AS posted
SELECT
  tenant_id,
  program_id,
  toStartOfHour(occurred_at) AS hour,
  sumIf(points, posted AND kind IN ('earn', 'adjust') AND points > 0) AS points_issued,
  sumIf(-points, posted AND kind = 'redeem') AS points_redeemed,
  sumIf(-points, posted AND kind = 'expire') AS points_expired,
  sumIf(-points, posted AND kind = 'reverse' AND points < 0) AS points_clawed_back,
  sumIf(points, posted AND kind = 'reverse' AND points > 0) AS points_refunded,
  sumIf(-points, posted AND kind = 'adjust' AND points < 0) AS points_debited,
  sumIf(points, posted) AS net_points,
  sumIf(points, status = 'pending') AS points_held,
  countIf(posted) AS postings,
  countIf(posted AND kind = 'earn') AS earn_postings,
  countIf(posted AND kind = 'redeem') AS redemptions,
  countIf(status = 'pending') AS holds_opened,
  countIf(posted AND resolved_at IS NOT NULL) AS holds_confirmed,
  countIf(status = 'voided') AS holds_voided,
  -- Created by the member's action: a direct earn, a hold when it opens, a redemption.
  uniqStateIf(member_id, kind IN ('earn', 'redeem') AND resolved_at IS NULL) AS active_members
FROM ledger_entries
GROUP BY tenant_id, program_id, hour;

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_hourly_members_mv TO kpi_hourly AS
SELECT
  tenant_id,
  program_id,
  toStartOfHour(occurred_at) AS hour,
  countIf(type = 'member_created') AS members_created,
  countIf(type = 'member_deleted') AS members_deleted
FROM events_new
WHERE type IN ('member_created', 'member_deleted')
GROUP BY tenant_id, program_id, hour;

-- Finalized numbers per bucket, for people who would forget the merge functions.
CREATE VIEW IF NOT EXISTS kpi_hourly_v AS
SELECT
  tenant_id,
  program_id,
  hour,
  sum(points_issued) AS points_issued,
  sum(points_redeemed) AS points_redeemed,
  sum(points_expired) AS points_expired,
  sum(points_clawed_back) AS points_clawed_back,
  sum(points_refunded) AS points_refunded,
  sum(points_debited) AS points_debited,
  sum(net_points) AS net_points,
  sum(points_held) AS points_held,
  sum(postings) AS postings,
  sum(earn_postings) AS earn_postings,
  sum(redemptions) AS redemptions,
  sum(holds_opened) AS holds_opened,
  sum(holds_confirmed) AS holds_confirmed,
  sum(holds_voided) AS holds_voided,
  sum(members_created) AS members_created,
  sum(members_deleted) AS members_deleted,
  uniqMerge(active_members) AS active_members
FROM kpi_hourly
GROUP BY tenant_id, program_id, hour;

CREATE TABLE IF NOT EXISTS kpi_daily (
  tenant_id          UUID,
  program_id         UUID,
  day                Date,
  points_issued      SimpleAggregateFunction(sum, Int64),
  points_redeemed    SimpleAggregateFunction(sum, Int64),
  points_expired     SimpleAggregateFunction(sum, Int64),
  points_clawed_back SimpleAggregateFunction(sum, Int64),
  points_refunded    SimpleAggregateFunction(sum, Int64),
  points_debited     SimpleAggregateFunction(sum, Int64),
  net_points         SimpleAggregateFunction(sum, Int64),
  points_held        SimpleAggregateFunction(sum, Int64),
  postings           SimpleAggregateFunction(sum, UInt64),
  earn_postings      SimpleAggregateFunction(sum, UInt64),
  redemptions        SimpleAggregateFunction(sum, UInt64),
  holds_opened       SimpleAggregateFunction(sum, UInt64),
  holds_confirmed    SimpleAggregateFunction(sum, UInt64),
  holds_voided       SimpleAggregateFunction(sum, UInt64),
  members_created    SimpleAggregateFunction(sum, UInt64),
  members_deleted    SimpleAggregateFunction(sum, UInt64),
  active_members     AggregateFunction(uniq, UUID)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant_id, program_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_daily_postings_mv TO kpi_daily AS
WITH status = 'posted' AS posted
SELECT
  tenant_id,
  program_id,
  toDate(occurred_at) AS day,
  sumIf(points, posted AND kind IN ('earn', 'adjust') AND points > 0) AS points_issued,
  sumIf(-points, posted AND kind = 'redeem') AS points_redeemed,
  sumIf(-points, posted AND kind = 'expire') AS points_expired,
  sumIf(-points, posted AND kind = 'reverse' AND points < 0) AS points_clawed_back,
  sumIf(points, posted AND kind = 'reverse' AND points > 0) AS points_refunded,
  sumIf(-points, posted AND kind = 'adjust' AND points < 0) AS points_debited,
  sumIf(points, posted) AS net_points,
  sumIf(points, status = 'pending') AS points_held,
  countIf(posted) AS postings,
  countIf(posted AND kind = 'earn') AS earn_postings,
  countIf(posted AND kind = 'redeem') AS redemptions,
  countIf(status = 'pending') AS holds_opened,
  countIf(posted AND resolved_at IS NOT NULL) AS holds_confirmed,
  countIf(status = 'voided') AS holds_voided,
  -- Created by the member's action: a direct earn, a hold when it opens, a redemption.
  uniqStateIf(member_id, kind IN ('earn', 'redeem') AND resolved_at IS NULL) AS active_members
FROM ledger_entries
GROUP BY tenant_id, program_id, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_daily_members_mv TO kpi_daily AS
SELECT
  tenant_id,
  program_id,
  toDate(occurred_at) AS day,
  countIf(type = 'member_created') AS members_created,
  countIf(type = 'member_deleted') AS members_deleted
FROM events_new
WHERE type IN ('member_created', 'member_deleted')
GROUP BY tenant_id, program_id, day;

-- Finalized numbers per bucket, for people who would forget the merge functions.
CREATE VIEW IF NOT EXISTS kpi_daily_v AS
SELECT
  tenant_id,
  program_id,
  day,
  sum(points_issued) AS points_issued,
  sum(points_redeemed) AS points_redeemed,
  sum(points_expired) AS points_expired,
  sum(points_clawed_back) AS points_clawed_back,
  sum(points_refunded) AS points_refunded,
  sum(points_debited) AS points_debited,
  sum(net_points) AS net_points,
  sum(points_held) AS points_held,
  sum(postings) AS postings,
  sum(earn_postings) AS earn_postings,
  sum(redemptions) AS redemptions,
  sum(holds_opened) AS holds_opened,
  sum(holds_confirmed) AS holds_confirmed,
  sum(holds_voided) AS holds_voided,
  sum(members_created) AS members_created,
  sum(members_deleted) AS members_deleted,
  uniqMerge(active_members) AS active_members
FROM kpi_daily
GROUP BY tenant_id, program_id, day;
