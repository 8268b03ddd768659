-- Wakes the outbox relay (pipeline/) as soon as events are committed, instead of it polling.
-- Statement level, not row level: a posting appends several events in one statement and a
-- batch of postings several statements per transaction; Postgres folds identical payloads
-- of one transaction into one notification, and delivers it only at commit, so the relay
-- is woken exactly when there is something visible to read. The relay still polls as a
-- fallback: notifications are not durable (lost while no relay listens).
CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END $$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
