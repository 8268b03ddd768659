-- Redemptions by reward, per tenant and program, per UTC hour and day. Fed like the KPI
-- rollups (0005) from ledger_entries inserts, so each redemption counts once.
--
-- There is no reward id on postings yet: the key is the redeem posting's metadata.rewardId
-- when it is a string, else ''. Gross redemptions: a refund (a reverse posting) does not
-- carry the reward; it shows in the KPI rollups' points_refunded.
-- SummingMergeTree: read with sum() ... GROUP BY, as rows of one key may not be merged yet.
-- Kept forever, like the KPI rollups.

CREATE TABLE IF NOT EXISTS reward_redemptions_hourly (
  tenant_id   UUID,
  program_id  UUID,
  hour        DateTime('UTC'),
  reward_id   String,
  redemptions UInt64,
  points      Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, program_id, hour, reward_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS reward_redemptions_hourly_mv TO reward_redemptions_hourly AS
SELECT
  tenant_id,
  program_id,
  toStartOfHour(occurred_at) AS hour,
  if(JSONType(metadata, 'rewardId') = 'String', JSONExtractString(metadata, 'rewardId'), '') AS reward_id,
  count() AS redemptions,
  sum(-points) AS points
FROM ledger_entries
WHERE kind = 'redeem' AND status = 'posted'
GROUP BY tenant_id, program_id, hour, reward_id;

CREATE TABLE IF NOT EXISTS reward_redemptions_daily (
  tenant_id   UUID,
  program_id  UUID,
  day         Date,
  reward_id   String,
  redemptions UInt64,
  points      Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant_id, program_id, day, reward_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS reward_redemptions_daily_mv TO reward_redemptions_daily AS
SELECT
  tenant_id,
  program_id,
  toDate(occurred_at) AS day,
  if(JSONType(metadata, 'rewardId') = 'String', JSONExtractString(metadata, 'rewardId'), '') AS reward_id,
  count() AS redemptions,
  sum(-points) AS points
FROM ledger_entries
WHERE kind = 'redeem' AND status = 'posted'
GROUP BY tenant_id, program_id, day, reward_id;
