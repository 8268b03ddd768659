-- Personal data out of analytics. From now on member events carry the member only by its UUID:
-- no external id (often an e-mail), and only the custom attributes a program declares free of
-- personal data (programs' settings.analyticsAttributes; none by default); a member_deleted
-- event makes the sink erase the member's profile here (src/member-erasure.ts). This migration
-- brings the rows written before in line:
-- - members deleted before: their profile events are emptied and their profile rows from
--   before the deletion dropped, as the sink now does at each deletion;
-- - every member: the external id and the attributes go from events, members and
--   member_segment_features. Which attributes are personal is the program's call, which this
--   schema cannot see: none is kept. A program that declares its keys (PATCH
--   /v1/programs/{id} with settings.analyticsAttributes) has its members republished with
--   them, and segment conditions on those attributes see them again;
-- - member_features (0007, no longer fed or read) is dropped: it held both.
-- The external_id columns stay (members, member_segment_features, member_features_v), empty.
--
-- Mutations rewrite the parts that hold those rows, so the values leave the disk. Each is
-- idempotent: run again, it finds nothing left to change. mutations_sync = 2: the migration
-- ends when they are done.

ALTER TABLE events UPDATE data = '{}'
WHERE type IN ('member_created', 'member_updated', 'member_deleted')
  AND (tenant_id, member_id) IN (SELECT tenant_id, member_id FROM members WHERE deleted = 1)
  AND data != '{}'
SETTINGS mutations_sync = 2;

ALTER TABLE events UPDATE data = concat('{', arrayStringConcat(arrayMap(kv -> concat(toJSONString(kv.1), ':', kv.2),
    arrayFilter(kv -> kv.1 NOT IN ('externalId', 'attributes'), JSONExtractKeysAndValuesRaw(data))), ','), '}')
WHERE type IN ('member_created', 'member_updated', 'member_deleted')
  AND (JSONHas(data, 'externalId') OR JSONHas(data, 'attributes'))
SETTINGS mutations_sync = 2;

ALTER TABLE members DELETE
WHERE deleted = 0
  AND (tenant_id, program_id, member_id) IN (SELECT tenant_id, program_id, member_id FROM members WHERE deleted = 1)
SETTINGS mutations_sync = 2;

ALTER TABLE members UPDATE external_id = '', attributes = '{}'
WHERE external_id != '' OR attributes != '{}'
SETTINGS mutations_sync = 2;

ALTER TABLE member_segment_features DELETE
WHERE deleted = 0
  AND (tenant_id, program_id, member_id) IN (
    SELECT tenant_id, program_id, member_id FROM member_segment_features WHERE deleted = 1)
SETTINGS mutations_sync = 2;

-- Version 0: any later event (a republished profile) wins over the cleared value.
ALTER TABLE member_segment_features UPDATE
  external_id = initializeAggregation('argMaxState', '', toUInt128(0)),
  attributes = initializeAggregation('argMaxState', '{}', toUInt128(0))
WHERE finalizeAggregation(external_id) != '' OR finalizeAggregation(attributes) NOT IN ('', '{}')
SETTINGS mutations_sync = 2;

DROP TABLE IF EXISTS member_features;
