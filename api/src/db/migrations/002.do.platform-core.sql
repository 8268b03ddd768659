-- Tenancy, console users, API keys, roles, audit log, programs, members, the points ledger,
-- idempotency keys and the transactional outbox.
--
-- Row-level security is the second wall behind the application's own tenant checks: the API
-- runs as the role loyalty_app (no BYPASSRLS) and sets app.tenant_id per transaction.

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loyalty_app') THEN
    CREATE ROLE loyalty_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
GRANT loyalty_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO loyalty_app;

CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

ALTER TABLE tenants
  ADD COLUMN legal_name    text CHECK (length(legal_name) <= 200),
  ADD COLUMN contact_email text CHECK (length(contact_email) <= 320),
  ADD COLUMN website       text CHECK (length(website) <= 2048),
  ADD COLUMN settings      jsonb NOT NULL DEFAULT '{}'::jsonb;
-- Tenants are looked up by slug before a tenant context exists (login, onboarding), so the
-- table itself has no policy; the API only ever reads the caller's own tenant row.
GRANT SELECT, INSERT, UPDATE ON tenants TO loyalty_app;

CREATE TABLE custom_roles (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  key         text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  permissions text[] NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  email         text NOT NULL CHECK (length(email) <= 320),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  password_hash text NOT NULL,
  role          text NOT NULL,
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

CREATE TABLE sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  user_id      uuid NOT NULL REFERENCES users(id),
  refresh_hash text NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  prefix       text NOT NULL UNIQUE,
  secret_hash  text NOT NULL,
  scopes       text[] NOT NULL,
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz
);

-- An API key arrives before the tenant is known: this definer function is the one narrow
-- door through RLS, returning only the row whose public prefix matches.
CREATE FUNCTION api_key_by_prefix(p_prefix text)
RETURNS TABLE (id uuid, tenant_id uuid, secret_hash text, scopes text[], expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id, tenant_id, secret_hash, scopes, expires_at, revoked_at FROM api_keys WHERE prefix = p_prefix $$;
REVOKE ALL ON FUNCTION api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_prefix(text) TO loyalty_app;

-- Refresh tokens carry their tenant, but the session row is still found through RLS.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  actor_type  text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
  actor_id    text NOT NULL,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text NOT NULL,
  before      jsonb,
  after       jsonb,
  request_id  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id DESC);

CREATE TABLE programs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  timezone    text NOT NULL,
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);

CREATE TABLE members (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq          bigserial NOT NULL UNIQUE,
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  program_id   uuid NOT NULL,
  external_id  text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  -- email, phone, name and birthday, AES-256-GCM encrypted by the API (see members/pii-crypto.ts)
  pii          bytea,
  birth_month  smallint CHECK (birth_month BETWEEN 1 AND 12),
  attributes   jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz,
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  UNIQUE (tenant_id, id)
);
-- A deleted member frees its external id for a new sign-up.
CREATE UNIQUE INDEX members_external_id ON members (program_id, external_id) WHERE deleted_at IS NULL;
CREATE INDEX members_program_page ON members (tenant_id, program_id, seq);

CREATE TABLE member_balances (
  member_id         uuid PRIMARY KEY REFERENCES members(id),
  tenant_id         uuid NOT NULL REFERENCES tenants(id),
  available         bigint NOT NULL DEFAULT 0 CHECK (available >= 0),
  pending           bigint NOT NULL DEFAULT 0 CHECK (pending >= 0),
  lifetime_earned   bigint NOT NULL DEFAULT 0 CHECK (lifetime_earned >= 0),
  lifetime_redeemed bigint NOT NULL DEFAULT 0 CHECK (lifetime_redeemed >= 0),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE postings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigserial NOT NULL UNIQUE,
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  program_id       uuid NOT NULL,
  member_id        uuid NOT NULL REFERENCES members(id),
  kind             text NOT NULL CHECK (kind IN ('earn', 'redeem', 'adjust', 'reverse', 'expire')),
  status           text NOT NULL CHECK (status IN ('posted', 'pending', 'voided')),
  -- signed effect on the member's balance (a pending earn: on the pending balance)
  points           bigint NOT NULL CHECK (points <> 0),
  reason           text CHECK (length(reason) <= 500),
  order_ref        text CHECK (length(order_ref) <= 200),
  reverses_id      uuid REFERENCES postings(id),
  hold_deadline    timestamptz,
  expires_at       timestamptz,
  actor_type       text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
  actor_id         text NOT NULL,
  metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  CHECK ((kind = 'reverse') = (reverses_id IS NOT NULL)),
  CHECK (status <> 'pending' OR (kind = 'earn' AND hold_deadline IS NOT NULL))
);
CREATE INDEX postings_member_history ON postings (tenant_id, member_id, seq DESC);
CREATE INDEX postings_reverses ON postings (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX postings_pending_deadline ON postings (hold_deadline) WHERE status = 'pending';

-- Double entry: every posting moves points between two accounts and its entries sum to zero.
CREATE TABLE ledger_entries (
  id          bigserial PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  posting_id  uuid NOT NULL REFERENCES postings(id),
  account     text NOT NULL CHECK (account IN (
                'member_available', 'member_pending',
                'program_issued', 'program_redeemed', 'program_expired', 'program_adjusted')),
  account_id  uuid NOT NULL,
  amount      bigint NOT NULL CHECK (amount <> 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_posting ON ledger_entries (posting_id);
CREATE INDEX ledger_entries_account ON ledger_entries (account, account_id);

-- Earned points kept with their expiry; spending takes from the bucket that expires first.
CREATE TABLE point_buckets (
  id          bigserial PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  member_id   uuid NOT NULL REFERENCES members(id),
  posting_id  uuid NOT NULL REFERENCES postings(id),
  amount      bigint NOT NULL CHECK (amount > 0),
  remaining   bigint NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX point_buckets_spend ON point_buckets (member_id, expires_at NULLS LAST, id) WHERE remaining > 0;
CREATE INDEX point_buckets_due ON point_buckets (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

CREATE TABLE idempotency_keys (
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash  text NOT NULL,
  status_code   smallint NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE,
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  type         text NOT NULL,
  member_id    uuid,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Immutability: ledger entries are never changed; postings change only to resolve a hold.
CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION reject_change();

CREATE FUNCTION guard_posting_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'pending' AND NEW.status IN ('posted', 'voided')
     AND (NEW.id, NEW.kind, NEW.points, NEW.member_id, NEW.tenant_id) = (OLD.id, OLD.kind, OLD.points, OLD.member_id, OLD.tenant_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'postings are immutable (only a pending hold may be confirmed or voided)' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER postings_guard BEFORE UPDATE ON postings FOR EACH ROW EXECUTE FUNCTION guard_posting_update();
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings FOR EACH ROW EXECUTE FUNCTION reject_change();

CREATE FUNCTION check_posting_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total bigint;
BEGIN
  SELECT sum(amount) INTO total FROM ledger_entries WHERE posting_id = NEW.posting_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'posting % is unbalanced (entries sum to %)', NEW.posting_id, total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
-- Both entries of a movement are inserted by one statement, so the check runs at its end.
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION check_posting_balanced();

-- Row-level security on every tenant table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['custom_roles', 'users', 'sessions', 'api_keys', 'audit_log', 'programs', 'members',
                           'member_balances', 'postings', 'ledger_entries', 'point_buckets', 'idempotency_keys', 'outbox']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO loyalty_app', t);
  END LOOP;
END $$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO loyalty_app;
