-- Member events no longer carry the external id (often an e-mail) nor undeclared custom
-- attributes (shared/src/events/member-events.ts), and deleting a member erases it from the
-- outbox and the audit log as well as from its row. This brings the rows written before in line.

-- The member profile events of one member, found when it is deleted (a small partial index:
-- profile events are a sliver of the outbox, which postings fill).
CREATE INDEX outbox_member_profile_events ON outbox (member_id)
  WHERE type IN ('member_created', 'member_updated', 'member_deleted');

-- No external id in any member event; attributes only as declared (none was, before).
UPDATE outbox
   SET payload = jsonb_set(payload, '{data}', ((payload -> 'data') - 'externalId' - 'attributes')
                 || CASE WHEN type = 'member_deleted' THEN '{}'::jsonb ELSE '{"attributes": {}}'::jsonb END)
 WHERE type IN ('member_created', 'member_updated', 'member_deleted')
   AND ((payload -> 'data') ? 'externalId' OR (payload -> 'data') ? 'attributes');

-- Members deleted before: their birth month goes too, and their external id.
UPDATE outbox o
   SET payload = jsonb_set(payload, '{data,birthMonth}', 'null'::jsonb)
  FROM members m
 WHERE m.id = o.member_id AND m.deleted_at IS NOT NULL
   AND o.type IN ('member_created', 'member_updated');
UPDATE members SET external_id = 'erased:' || id::text WHERE deleted_at IS NOT NULL;
UPDATE audit_log SET before = before - 'externalId' WHERE action = 'member.deleted' AND before ? 'externalId';
