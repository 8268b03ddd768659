-- The loyalty engine: points rules, tiers, rewards and redemptions, segments, campaigns and
-- the orders that the transaction endpoint turns into earns. Configuration rows keep their
-- validated definition as jsonb (the zod contract in shared/ is its schema) beside the columns
-- that queries filter or order on.

-- Points rules ------------------------------------------------------------------------------
CREATE TABLE points_rules (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  program_id  uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- lower runs first; ties broken by created_at
  priority    integer NOT NULL DEFAULT 100 CHECK (priority BETWEEN 0 AND 10000),
  active      boolean NOT NULL DEFAULT true,
  -- the whole rule (kind, condition, schedule, caps, stacking, approval) as the API validated it
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz,
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id)
);
CREATE INDEX points_rules_program ON points_rules (tenant_id, program_id, priority, created_at) WHERE deleted_at IS NULL;

-- Tiers ---------------------------------------------------------------------------------------
CREATE TABLE tiers (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  program_id  uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- points (on the program's tier basis) needed to reach the tier; the base tier has 0
  threshold   bigint NOT NULL CHECK (threshold >= 0),
  -- { multiplier, description, ... } as validated by the API
  benefits    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz,
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX tiers_threshold ON tiers (program_id, threshold) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX tiers_name ON tiers (program_id, lower(name)) WHERE deleted_at IS NULL;

-- The member's current tier lives on the balance row: the posting transaction already holds
-- that row's lock, so assigning a tier costs no extra lock.
ALTER TABLE member_balances ADD COLUMN tier_id uuid REFERENCES tiers(id);

CREATE TABLE tier_history (
  id            bigserial PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  member_id     uuid NOT NULL REFERENCES members(id),
  from_tier_id  uuid REFERENCES tiers(id),
  to_tier_id    uuid REFERENCES tiers(id),
  -- why: 'posting' (a balance change), 'recalculation' (thresholds changed), 'manual'
  reason        text NOT NULL CHECK (reason IN ('posting', 'recalculation', 'manual')),
  posting_id    uuid REFERENCES postings(id),
  basis_points  bigint NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (from_tier_id IS DISTINCT FROM to_tier_id)
);
CREATE INDEX tier_history_member ON tier_history (tenant_id, member_id, id DESC);

-- Segments ------------------------------------------------------------------------------------
CREATE TABLE segments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  program_id    uuid NOT NULL,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description   text CHECK (length(description) <= 2000),
  kind          text NOT NULL CHECK (kind IN ('static', 'dynamic', 'hybrid')),
  condition     jsonb,
  -- set when the analytics side last materialized the condition's members
  evaluated_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  CHECK ((kind = 'static') = (condition IS NULL))
);
CREATE INDEX segments_program ON segments (tenant_id, program_id, created_at) WHERE deleted_at IS NULL;

-- Membership rows: 'include' (curated: a static list, or a hybrid's includes), 'exclude' (a
-- hybrid's excludes) and 'rule' (the condition's members, materialized by the analytics side).
-- A member is in a segment when it has an include or rule row and no exclude row.
CREATE TABLE segment_members (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  segment_id  uuid NOT NULL REFERENCES segments(id),
  member_id   uuid NOT NULL REFERENCES members(id),
  source      text NOT NULL CHECK (source IN ('include', 'exclude', 'rule')),
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (segment_id, member_id, source)
);
-- The earn-time lookup: every segment of one member, an index-only scan.
CREATE INDEX segment_members_member ON segment_members (member_id, segment_id, source);

-- Campaigns -----------------------------------------------------------------------------------
CREATE TABLE campaigns (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  program_id         uuid NOT NULL,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- draft until published; cancelled ends it early. Scheduled/active/ended derive from the dates.
  state              text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'cancelled')),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  -- condition, segment ids, bonus, limits, description: as the API validated them
  definition         jsonb NOT NULL,
  budget_points      bigint CHECK (budget_points > 0),
  bonus_awarded      bigint NOT NULL DEFAULT 0 CHECK (bonus_awarded >= 0),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz,
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  CHECK (ends_at > starts_at),
  CHECK (budget_points IS NULL OR bonus_awarded <= budget_points)
);
CREATE INDEX campaigns_live ON campaigns (tenant_id, program_id, ends_at) WHERE deleted_at IS NULL AND state = 'published';

CREATE TABLE campaign_participations (
  id           bigserial PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  campaign_id  uuid NOT NULL REFERENCES campaigns(id),
  member_id    uuid NOT NULL REFERENCES members(id),
  posting_id   uuid REFERENCES postings(id),
  order_id     uuid,
  bonus_points bigint NOT NULL CHECK (bonus_points >= 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_participations_member ON campaign_participations (member_id, campaign_id);
CREATE INDEX campaign_participations_campaign ON campaign_participations (tenant_id, campaign_id, id);

-- Rewards -------------------------------------------------------------------------------------
CREATE TABLE rewards (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL REFERENCES tenants(id),
  program_id        uuid NOT NULL,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type              text NOT NULL CHECK (type IN ('physical', 'digital', 'experience', 'coupon')),
  points_cost       bigint NOT NULL CHECK (points_cost > 0),
  -- units left; NULL: unlimited. Redemption decrements it with a conditional update.
  stock             integer CHECK (stock >= 0),
  valid_from        timestamptz,
  valid_until       timestamptz,
  per_member_limit  integer CHECK (per_member_limit > 0),
  -- a campaign's special reward is redeemable only while that campaign is active
  campaign_id       uuid REFERENCES campaigns(id),
  -- only members in one of these tiers may redeem (empty: everyone)
  tier_ids          uuid[] NOT NULL DEFAULT '{}',
  active            boolean NOT NULL DEFAULT true,
  -- description, eligibility condition, coupon settings, fulfilment details
  definition        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  deleted_at        timestamptz,
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until > valid_from)
);
CREATE INDEX rewards_program ON rewards (tenant_id, program_id, created_at) WHERE deleted_at IS NULL;

-- A digital reward's code pool: imported codes, each handed out once.
CREATE TABLE reward_codes (
  id             bigserial PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  reward_id      uuid NOT NULL REFERENCES rewards(id),
  code           text NOT NULL CHECK (length(code) BETWEEN 1 AND 200),
  redemption_id  uuid,
  assigned_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reward_id, code)
);
CREATE INDEX reward_codes_free ON reward_codes (reward_id, id) WHERE redemption_id IS NULL;

CREATE TABLE redemptions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                bigserial NOT NULL UNIQUE,
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  program_id         uuid NOT NULL,
  reward_id          uuid NOT NULL REFERENCES rewards(id),
  member_id          uuid NOT NULL REFERENCES members(id),
  posting_id         uuid NOT NULL REFERENCES postings(id),
  points             bigint NOT NULL CHECK (points > 0),
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fulfilled', 'cancelled')),
  -- the handed-out pool code or the generated coupon code
  code               text,
  refund_posting_id  uuid REFERENCES postings(id),
  note               text CHECK (length(note) <= 1000),
  created_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at        timestamptz,
  CHECK ((status = 'cancelled') = (refund_posting_id IS NOT NULL))
);
CREATE INDEX redemptions_member ON redemptions (tenant_id, member_id, reward_id);
CREATE INDEX redemptions_reward ON redemptions (tenant_id, reward_id, seq DESC);
CREATE UNIQUE INDEX redemptions_coupon_code ON redemptions (reward_id, code) WHERE code IS NOT NULL;

-- Orders: purchases sent to the transaction endpoint, one per merchant order id ---------------
CREATE TABLE orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigserial NOT NULL UNIQUE,
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  program_id       uuid NOT NULL,
  member_id        uuid NOT NULL REFERENCES members(id),
  order_ref        text NOT NULL CHECK (length(order_ref) BETWEEN 1 AND 200),
  -- fingerprint of the request, so a replay with another body is refused
  request_hash     text NOT NULL,
  amount           bigint NOT NULL CHECK (amount >= 0),
  refunded_amount  bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  currency         char(3) NOT NULL,
  occurred_at      timestamptz NOT NULL,
  -- the purchase (lines, channel, store, metadata) and the calculation breakdown
  purchase         jsonb NOT NULL,
  breakdown        jsonb NOT NULL,
  -- the order's current earn posting: posted, or pending for an approval period (a partial
  -- refund inside the window voids the hold and holds the remainder anew); null for 0 points
  posting_id       uuid REFERENCES postings(id),
  points           bigint NOT NULL CHECK (points >= 0),
  points_reversed  bigint NOT NULL DEFAULT 0 CHECK (points_reversed >= 0 AND points_reversed <= points),
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  UNIQUE (program_id, order_ref)
);
CREATE INDEX orders_member ON orders (tenant_id, member_id, seq DESC);

CREATE TABLE order_refunds (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  order_id     uuid NOT NULL REFERENCES orders(id),
  amount       bigint NOT NULL CHECK (amount > 0),
  points       bigint NOT NULL CHECK (points >= 0),
  reason       text CHECK (length(reason) <= 500),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_refunds_order ON order_refunds (order_id);

-- An approval hold is confirmed (not voided) when its deadline passes: points earned in a
-- return window become spendable unless the order was refunded first.
ALTER TABLE postings ADD COLUMN on_deadline text NOT NULL DEFAULT 'void' CHECK (on_deadline IN ('void', 'confirm'));

-- Row-level security for every new tenant table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['points_rules', 'tiers', 'tier_history', 'segments', 'segment_members', 'campaigns',
    'campaign_participations', 'rewards', 'reward_codes', 'redemptions', 'orders', 'order_refunds'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO loyalty_app', t);
  END LOOP;
END $$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO loyalty_app;
