-- Data teams' ClickHouse users: one row per user created through the API. The password is shown
-- once and never stored (ClickHouse keeps only its SHA-256). `provisioned` says whether the
-- user exists on the ClickHouse server: the embedded engine has no access storage, so there the
-- row is recorded and the statements are not run.
CREATE TABLE analytics_users (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  username     text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_]{2,63}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  provisioned  boolean NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX analytics_users_tenant ON analytics_users (tenant_id, created_at);
ALTER TABLE analytics_users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_users USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON analytics_users TO loyalty_app;
