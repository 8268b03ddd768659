-- Latest state of each member from member_created / member_updated / member_deleted.
-- Events carry no personal data (no email, phone, name, birthday): only the external id,
-- the birth month and the custom attributes. A deletion keeps the row (the ledger history
-- still points at the member) with deleted = 1 and the attributes erased.
--
-- version: a deletion beats any update, whatever the API hosts' clocks; otherwise the later
-- event wins.  version = (type = 'member_deleted') << 48 | occurred_at in ms
-- Read it with FINAL (or members_v).
CREATE TABLE IF NOT EXISTS members (
  tenant_id   UUID,
  program_id  UUID,
  member_id   UUID,
  external_id String,
  birth_month Nullable(UInt8),
  attributes  String,
  deleted     UInt8,
  updated_at  DateTime64(3, 'UTC'),
  version     UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, program_id, member_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS members_mv TO members AS
WITH type = 'member_deleted' AS is_deleted
SELECT
  tenant_id,
  program_id,
  assumeNotNull(member_id) AS member_id,
  JSONExtractString(data, 'externalId') AS external_id,
  if(is_deleted, NULL, JSONExtract(data, 'birthMonth', 'Nullable(UInt8)')) AS birth_month,
  if(is_deleted OR JSONType(data, 'attributes') != 'Object', '{}', JSONExtractRaw(data, 'attributes')) AS attributes,
  toUInt8(is_deleted) AS deleted,
  occurred_at AS updated_at,
  bitShiftLeft(toUInt64(is_deleted), 48) + toUInt64(toUnixTimestamp64Milli(occurred_at)) AS version
FROM events_new
WHERE type IN ('member_created', 'member_updated', 'member_deleted') AND member_id IS NOT NULL;

CREATE VIEW IF NOT EXISTS members_v AS
SELECT * FROM members FINAL;
