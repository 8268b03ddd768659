-- Saved custom reports: private to their author unless shared within the tenant.
CREATE TABLE saved_reports (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  definition  jsonb NOT NULL,
  shared      boolean NOT NULL DEFAULT false,
  -- 'user:<id>' or 'api_key:<id>': who may see a private report and change it
  owner       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_reports_tenant ON saved_reports (tenant_id, created_at);
ALTER TABLE saved_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_reports USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_reports TO loyalty_app;
