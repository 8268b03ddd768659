-- Least privilege (issue 9): the API logs in as loyalty_app itself (no SET ROLE from a
-- superuser session), the relay as loyalty_relay, which may only read the outbox and mark it
-- published, and the tenants table is under row-level security like every other.

ALTER ROLE loyalty_app LOGIN;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loyalty_relay') THEN
    CREATE ROLE loyalty_relay LOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO loyalty_relay;
GRANT SELECT, UPDATE (published_at) ON outbox TO loyalty_relay;
-- The relay reads every tenant's events in commit order: its own policy, on this table only.
CREATE POLICY relay_reads_all ON outbox TO loyalty_relay USING (true) WITH CHECK (true);

-- A tenant sees its own row. Onboarding sets the new tenant's id before inserting it.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());

-- The two questions asked before any tenant is known, each a narrow door through RLS.
CREATE FUNCTION tenant_id_by_slug(p_slug text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id FROM tenants WHERE slug = p_slug $$;
REVOKE ALL ON FUNCTION tenant_id_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_id_by_slug(text) TO loyalty_app;

-- Background chores (expiry sweep, idempotency purge) visit every tenant in turn.
CREATE FUNCTION all_tenant_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id FROM tenants ORDER BY id $$;
REVOKE ALL ON FUNCTION all_tenant_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION all_tenant_ids() TO loyalty_app;
