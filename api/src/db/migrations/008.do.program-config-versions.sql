-- Also: indexes to find the order or redemption a posting belongs to.
-- Version counters for a program's rules and campaigns: the earn path caches both per program
-- and reloads them when a counter moves. A counter bumped in the changing transaction is
-- monotonic (a max(updated_at) is not: clocks of several API instances, commit order).
-- Earn-time budget spending (bonus_awarded) is not a configuration change and bumps nothing.
ALTER TABLE programs
  ADD COLUMN rules_version bigint NOT NULL DEFAULT 0,
  ADD COLUMN campaigns_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION bump_rules_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE programs SET rules_version = rules_version + 1 WHERE id = coalesce(NEW.program_id, OLD.program_id);
  RETURN NULL;
END $$;
CREATE TRIGGER points_rules_version AFTER INSERT OR UPDATE OR DELETE ON points_rules
  FOR EACH ROW EXECUTE FUNCTION bump_rules_version();

CREATE FUNCTION bump_campaigns_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE programs SET campaigns_version = campaigns_version + 1 WHERE id = coalesce(NEW.program_id, OLD.program_id);
  RETURN NULL;
END $$;
CREATE TRIGGER campaigns_version_on_insert_delete AFTER INSERT OR DELETE ON campaigns
  FOR EACH ROW EXECUTE FUNCTION bump_campaigns_version();
CREATE TRIGGER campaigns_version_on_update
  AFTER UPDATE OF name, state, starts_at, ends_at, definition, budget_points, deleted_at, program_id ON campaigns
  FOR EACH ROW EXECUTE FUNCTION bump_campaigns_version();

-- The generic ledger routes look up whether a posting belongs to an order or a redemption (whose
-- own endpoints must undo it).
CREATE INDEX orders_posting ON orders (posting_id) WHERE posting_id IS NOT NULL;
CREATE INDEX redemptions_posting ON redemptions (posting_id);
