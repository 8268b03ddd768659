-- Hardening (issue 9): replayable responses sealed and scoped to the credential that made them,
-- expiring, and erasable with their member; API keys bounded by their creator's current rights.

-- Stored responses were clear-text jsonb (secrets and personal data included). They are replay
-- copies only; the rows written before this migration cannot be sealed by SQL, so they go.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys
  DROP COLUMN response,
  ADD COLUMN response bytea NOT NULL,
  -- 'user:<id>' or 'api_key:<id>': only the credential that used a key may replay it.
  ADD COLUMN actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),
  -- The member a response describes, so erasing the member erases the copy.
  ADD COLUMN member_id uuid;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (tenant_id, created_at);
CREATE INDEX idempotency_keys_member ON idempotency_keys (tenant_id, member_id) WHERE member_id IS NOT NULL;

-- A key made by a key keeps the user at the root of the chain in created_by, and its parent,
-- so revoking or disabling anything up the chain takes it down.
ALTER TABLE api_keys ADD COLUMN parent_key_id uuid REFERENCES api_keys(id);

DROP FUNCTION api_key_by_prefix(text);
-- The one narrow door through RLS for an API key (it arrives before the tenant is known): the key,
-- what its creator may do now, and whether anything up its chain was revoked, expired or disabled.
-- PL/pgSQL, so its statements' plans are cached per connection: it runs on every request.
CREATE FUNCTION api_key_by_prefix(p_prefix text)
RETURNS TABLE (id uuid, tenant_id uuid, secret_hash text, scopes text[], expires_at timestamptz,
               revoked_at timestamptz, creator_role text, creator_custom_permissions text[],
               creator_disabled boolean, chain_revoked boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS
$$
#variable_conflict use_column
DECLARE
  parent uuid;
  revoked boolean := false;
BEGIN
  SELECT k.parent_key_id INTO parent FROM api_keys k WHERE k.prefix = p_prefix;
  -- Keys made by keys are rare: only they walk up their chain.
  IF parent IS NOT NULL THEN
    revoked := EXISTS (
      WITH RECURSIVE chain AS (
        SELECT p.id, p.parent_key_id, p.revoked_at, p.expires_at, 1 AS depth FROM api_keys p WHERE p.id = parent
        UNION ALL
        SELECT p.id, p.parent_key_id, p.revoked_at, p.expires_at, c.depth + 1
        FROM api_keys p JOIN chain c ON p.id = c.parent_key_id
        WHERE c.depth < 16
      )
      SELECT 1 FROM chain c WHERE c.revoked_at IS NOT NULL OR c.expires_at <= now()
    );
  END IF;
  RETURN QUERY
    SELECT k.id, k.tenant_id, k.secret_hash, k.scopes, k.expires_at, k.revoked_at,
           u.role, r.permissions, u.disabled_at IS NOT NULL, revoked
    FROM api_keys k
    LEFT JOIN users u ON u.id = k.created_by
    LEFT JOIN custom_roles r ON r.tenant_id = k.tenant_id AND r.key = u.role
    WHERE k.prefix = p_prefix;
END
$$;
REVOKE ALL ON FUNCTION api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_prefix(text) TO loyalty_app;

-- What a console user may do now, read on every request, so a demotion or a disabled account
-- takes effect at once rather than when the access token expires. One round trip, no transaction.
CREATE FUNCTION user_access(p_tenant uuid, p_user uuid)
RETURNS TABLE (role text, custom_permissions text[], disabled boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
  SELECT u.role, r.permissions, u.disabled_at IS NOT NULL
  FROM users u
  LEFT JOIN custom_roles r ON r.tenant_id = u.tenant_id AND r.key = u.role
  WHERE u.tenant_id = p_tenant AND u.id = p_user
$$;
REVOKE ALL ON FUNCTION user_access(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_access(uuid, uuid) TO loyalty_app;
