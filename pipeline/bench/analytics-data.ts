// The analytics bench's data set, generated inside ClickHouse (INSERT ... SELECT FROM
// numbers(), in chunks so memory and the time each statement holds the engine stay bounded).
// Members enter as events through the whole production path (the dedup stage, every view).
// Postings too by default (PostingPath 'events'), or, about 40% faster, as the rows
// ledger_entries_mv would write from those events ('ledger'): everything downstream of
// ledger_entries (KPI rollups, reward redemptions, member features, the report rollup) is still
// filled by its views, and the measured answers are the same. Nothing random: every value is a hash of the row number, so two runs
// build the same data.
//
// Shape, per tenant: `members` members (member_created; a tier_changed for 70%, a
// member_deleted for 0.5%), then `postings` postings over `days` days in time order, members
// picked with a skew (a few heavy members, a long tail, some never post). Mix: 64% direct
// earns (amount, channel, store in metadata), 8% holds (70% confirmed, 20% voided, 10% still
// pending; a resolution is a second transaction_created event), 6% system earns (campaign
// bonuses), 15% redemptions (metadata.rewardId), 3% reversals (claw-backs and refunds), 2%
// expiries, 2% adjustments. Only transaction_created is generated for postings: the specific
// points_* event the API writes beside it carries the same data and no view reads it.

export interface TenantData {
  /** 0 for the measured tenant; other tenants only add rows the queries must skip. */
  index: number;
  tenantId: string;
  programId: string;
  members: number;
  postings: number;
}

const DAY_MS = 86_400_000;
const HOLD_RESOLVED_WITHIN_MS = 10 * DAY_MS + 30 * 60_000;
/** Members join over the 11 months before the ledger's first posting: inside the raw events' 25-month TTL. */
const JOIN_SPAN_MS = 330 * DAY_MS;
/** 40% Bronze, 30% Silver, 20% Gold, 10% Platinum among members with a tier. */
const TIERS = ['Bronze', 'Bronze', 'Bronze', 'Bronze', 'Silver', 'Silver', 'Silver', 'Gold', 'Gold', 'Platinum'];
const CITIES = ['Paris', 'Lyon', 'Marseille', 'Lille', 'Nantes', 'Bordeaux', 'Toulouse', 'Nice'];
const CHANNELS = ['web', 'app', 'store'];

/** Deterministic ids, readable in a result: `a0000000-…` tenants, `b…` programs. */
export function benchTenant(index: number, members: number, postings: number): TenantData {
  const n = index.toString(16).padStart(12, '0');
  return {
    index,
    tenantId: `a0000000-0000-4000-8000-${n}`,
    programId: `b0000000-0000-4000-8000-${n}`,
    members,
    postings,
  };
}

/** A UUID whose first group names the entity and tenant and whose tail is the row number. */
function idSql(entity: string, tenant: number, n: string): string {
  const head = `${entity}${tenant.toString(16).padStart(7, '0')}`;
  return (
    `toUUID(concat('${head}-', substring(leftPad(lower(hex(toUInt64(${n}))), 20, '0'), 1, 4), '-4', ` +
    `substring(leftPad(lower(hex(toUInt64(${n}))), 20, '0'), 5, 3), '-8', substring(leftPad(lower(hex(toUInt64(${n}))), 20, '0'), 8, 3), '-', ` +
    `substring(leftPad(lower(hex(toUInt64(${n}))), 20, '0'), 11, 10), '00'))`
  );
}

export const memberIdSql = (tenant: number, n: string) => idSql('c', tenant, n);

/** ISO 8601 text of a DateTime64(3, 'UTC'), as the API writes timestamps. */
const iso = (t: string) => `concat(replaceOne(toString(${t}), ' ', 'T'), 'Z')`;
const str = (s: string) => `concat('"', ${s}, '"')`;
const pick = (values: readonly string[], i: string) =>
  `[${values.map((v) => `'${v}'`).join(', ')}][1 + (${i}) % ${values.length}]`;

const EVENT_COLUMNS =
  'event_id, type, tenant_id, program_id, member_id, occurred_at, data, kafka_partition, kafka_offset';

/** Members [from, from + count) of a tenant: their member_created / tier_changed / member_deleted events. */
export function memberEventsSql(t: TenantData, startMs: number, from: number, count: number): string {
  return `
INSERT INTO events (${EVENT_COLUMNS})
WITH
  number AS m,
  cityHash64(m, ${t.index}, 'member') AS h,
  ${memberIdSql(t.index, 'm')} AS member,
  fromUnixTimestamp64Milli(toInt64(${startMs - JOIN_SPAN_MS} + intDiv(m * ${JOIN_SPAN_MS}, ${t.members}) + h % 60000), 'UTC') AS joined,
  if(h % 10 = 0, 'null', toString(1 + intDiv(h, 10) % 12)) AS birth_month,
  concat('{"city":', ${str(pick(CITIES, 'intDiv(h, 1000)'))}, ',"channel":', ${str(pick(CHANNELS, 'intDiv(h, 100000)'))},
         ',"newsletter":', if(intDiv(h, 7) % 3 = 0, 'true', 'false'), ',"age":', toString(18 + intDiv(h, 13) % 62), '}') AS attributes,
  arrayConcat([0], if(intDiv(h, 17) % 10 < 7, [1], []), if(intDiv(h, 19) % 200 = 0, [2], [])) AS kinds
SELECT
  ${idSql('d', t.index, 'm * 4 + k')} AS event_id,
  ['member_created', 'tier_changed', 'member_deleted'][k + 1] AS type,
  toUUID('${t.tenantId}') AS tenant_id,
  toUUID('${t.programId}') AS program_id,
  member AS member_id,
  joined + toIntervalDay(k * (1 + intDiv(h, 23) % 30)) AS occurred_at,
  multiIf(
    k = 0, concat('{"birthMonth":', birth_month, ',"attributes":', attributes, '}'),
    k = 1, concat('{"tier":', ${str(pick(TIERS, 'intDiv(h, 29)'))},
                  ',"reason":"qualification","basis":"lifetime_earned"}'),
    '{}') AS data,
  toUInt16(m % 12) AS kafka_partition,
  m * 4 + k AS kafka_offset
FROM numbers(${from}, ${count})
ARRAY JOIN kinds AS k`;
}

/**
 * The posting states written in the time window of postings [from, from + count) of a tenant
 * (postings are spread evenly over `spanMs` from `startMs`, in posting order): each posting's
 * first state, and the resolutions of earlier holds that fall in the window, as the sink sees
 * them: `first` inserts hold the window's new postings, `resolutions` the holds resolved in it,
 * so a hold's two states are never in one insert (in production they are days apart; FINAL
 * has to merge them). `s` is the state: 0 first, 1 the resolution.
 */
export type PostingStates = 'first' | 'resolutions';

function postingsSource(
  t: TenantData,
  startMs: number,
  spanMs: number,
  from: number,
  count: number,
  states: PostingStates,
): { with: string; from: string } {
  const endMs = startMs + spanMs;
  const at = (n: number) => startMs + Math.floor((n * spanMs) / t.postings);
  // Resolutions come at most 10 days and 30 minutes (+1 s of jitter) after their hold.
  const lookback =
    states === 'first' ? 0 : Math.min(from, Math.ceil((t.postings * (HOLD_RESOLVED_WITHIN_MS + 1_000)) / spanMs) + 1);
  const last = from + count >= t.postings;
  const inWindow =
    `resolved >= fromUnixTimestamp64Milli(toInt64(${at(from)}), 'UTC')` +
    (last ? '' : ` AND resolved < fromUnixTimestamp64Milli(toInt64(${at(from + count)}), 'UTC')`);
  return {
    with: `
WITH
  number AS n,
  cityHash64(n, ${t.index}, 'posting') AS h,
  h % 1000 AS r,
  intDiv(h, 1000) % 1000 AS r2,
  -- Skewed pick: member 0 is the heaviest; pow > 1 leaves part of the tail without postings.
  toUInt64(floor(${t.members} * pow((intDiv(h, 1000000) % 1000003) / 1000003, 1.6))) AS m,
  ${memberIdSql(t.index, 'm')} AS member,
  ${idSql('f', t.index, 'n')} AS posting,
  r >= 640 AND r < 720 AS is_hold,
  multiIf(r2 < 700, 'posted', r2 < 900, 'voided', 'pending') AS hold_outcome,
  multiIf(r < 720 OR r >= 940, 'earn', r < 870, 'redeem', r < 900, 'reverse', r < 920, 'expire', 'adjust') AS posting_kind,
  if(is_hold, if(s = 0, 'pending', hold_outcome), 'posted') AS posting_status,
  multiIf(
    posting_kind = 'earn', toInt64(10 + intDiv(h, 7) % 490),
    posting_kind = 'redeem', -toInt64(100 * (1 + intDiv(h, 7) % 20)),
    posting_kind = 'reverse', if(r2 < 800, -toInt64(10 + intDiv(h, 7) % 300), toInt64(100 * (1 + intDiv(h, 7) % 10))),
    posting_kind = 'expire', -toInt64(50 + intDiv(h, 7) % 950),
    if(r2 < 600, toInt64(1 + intDiv(h, 7) % 200), -toInt64(1 + intDiv(h, 7) % 100))) AS posting_points,
  multiIf(posting_kind = 'earn', 'purchase', posting_kind = 'redeem', 'reward', posting_kind = 'reverse', if(posting_points < 0, 'clawback', 'refund'),
          posting_kind = 'expire', 'expiry', 'goodwill') AS posting_reason,
  fromUnixTimestamp64Milli(toInt64(${startMs} + intDiv(n * ${spanMs}, ${t.postings}) + intDiv(h, 11) % 1000), 'UTC') AS created,
  -- A hold resolves 30 minutes to 10 days later, never after the data set's end.
  least(created + toIntervalMinute(30 + intDiv(h, 13) % ${HOLD_RESOLVED_WITHIN_MS / 60_000 - 30}), fromUnixTimestamp64Milli(toInt64(${endMs}), 'UTC')) AS resolved,
  if(s = 0, created, resolved) AS at,
  created + toIntervalDay(14) AS deadline,
  created + toIntervalDay(365) AS expiry,
  multiIf(posting_kind = 'expire' OR r >= 940, 'system', r2 % 10 = 0, 'user', 'api_key') AS actor,
  multiIf(actor = 'system', if(posting_kind = 'expire', 'expiry', 'campaigns'), actor = 'user', concat('user-', toString(r2 % 7)), 'key-pos') AS actor_name,
  if(posting_kind = 'earn' AND actor != 'system', concat('order-', toString(n)), NULL) AS order_id,
  if(posting_kind = 'reverse', ${idSql('f', t.index, 'n - least(n, 1000)')}, NULL) AS reversed,
  multiIf(
    posting_kind = 'earn', concat('{"amount":', toString(500 + intDiv(h, 17) % 20000), ',"currency":"EUR","channel":', ${str(pick(CHANNELS, 'intDiv(h, 19)'))},
                                  ',"store":"store-', toString(intDiv(h, 23) % 40), '"}'),
    posting_kind = 'redeem', concat('{"rewardId":"reward-', toString(intDiv(h, 17) % 25), '"}'),
    '{}') AS meta,
  toInt64(intDiv(h, 29) % 5000) AS available,
  if(is_hold AND s = 0, posting_points, 0) AS pending,
  toInt64(intDiv(n, 10) + m % 997) AS earned,
  toInt64(intDiv(n, 60)) AS redeemed,
  ${idSql('e', t.index, 'n * 2 + s')} AS event,
  n * 2 + s AS kafka_pos`,
    from: `
FROM numbers(${from - lookback}, ${count + lookback})
${
  states === 'first'
    ? 'ARRAY JOIN [0] AS s'
    : `ARRAY JOIN [1] AS s
WHERE is_hold AND hold_outcome != 'pending' AND ${inWindow}`
}`,
  };
}

/** The postings as transaction_created events (the API's envelope data), into `events`. */
export function postingEventsSql(
  t: TenantData,
  startMs: number,
  spanMs: number,
  from: number,
  count: number,
  states: PostingStates,
): string {
  const src = postingsSource(t, startMs, spanMs, from, count, states);
  const nullable = (v: string) => `if(${v} IS NULL, 'null', ${str(`toString(assumeNotNull(${v}))`)})`;
  return `
INSERT INTO events (${EVENT_COLUMNS})${src.with}
SELECT
  event AS event_id,
  'transaction_created' AS type,
  toUUID('${t.tenantId}') AS tenant_id,
  toUUID('${t.programId}') AS program_id,
  member AS member_id,
  at AS occurred_at,
  concat(
    '{"posting":{"id":"', toString(posting), '","memberId":"', toString(member), '","programId":"${t.programId}","kind":"', posting_kind,
    '","status":"', posting_status, '","points":', toString(posting_points), ',"reason":', ${str('posting_reason')},
    ',"orderRef":', ${nullable('order_id')}, ',"reversesId":', ${nullable('reversed')},
    ',"holdDeadline":', if(is_hold, ${str(iso('deadline'))}, 'null'), ',"expiresAt":', if(posting_kind = 'earn', ${str(iso('expiry'))}, 'null'),
    ',"actor":{"type":"', actor, '","id":"', actor_name, '"},"metadata":', meta,
    ',"createdAt":', ${str(iso('created'))}, ',"resolvedAt":', if(s = 1, ${str(iso('resolved'))}, 'null'),
    '},"balance":{"available":', toString(available), ',"pending":', toString(pending),
    ',"lifetimeEarned":', toString(earned), ',"lifetimeRedeemed":', toString(redeemed), '}}') AS data,
  toUInt16(m % 12) AS kafka_partition,
  kafka_pos AS kafka_offset${src.from}`;
}

/**
 * The same postings straight into `ledger_entries`, as ledger_entries_mv would write them
 * from those events: the views hanging off ledger_entries (KPI rollups, reward redemptions,
 * member features) still run on every insert. Skipped: the raw events and the dedup stage
 * (identities for events that are all distinct) and the JSON round trip.
 */
export function postingLedgerSql(
  t: TenantData,
  startMs: number,
  spanMs: number,
  from: number,
  count: number,
  states: PostingStates,
): string {
  const src = postingsSource(t, startMs, spanMs, from, count, states);
  return `
INSERT INTO ledger_entries (tenant_id, program_id, member_id, posting_id, kind, status, points, reason, order_ref, reverses_id, hold_deadline,
  expires_at, actor_type, actor_id, metadata, created_at, resolved_at, balance_available, balance_pending, lifetime_earned, lifetime_redeemed,
  event_id, occurred_at, kafka_offset, version)${src.with}
SELECT
  toUUID('${t.tenantId}'), toUUID('${t.programId}'), member, posting, posting_kind, posting_status, posting_points, posting_reason, order_id, reversed,
  if(is_hold, deadline, NULL), if(posting_kind = 'earn', expiry, NULL), actor, actor_name, meta, created, if(s = 1, resolved, NULL),
  available, pending, earned, redeemed, event, at, kafka_pos,
  bitShiftLeft(toUInt64(posting_status != 'pending'), 48) + toUInt64(toUnixTimestamp64Milli(at))${src.from}`;
}

export function chunks(total: number, size: number): { from: number; count: number }[] {
  const out: { from: number; count: number }[] = [];
  for (let from = 0; from < total; from += size) out.push({ from, count: Math.min(size, total - from) });
  return out;
}

export interface DataSetPlan {
  tenants: TenantData[];
  /** First posting; members join before it. */
  startMs: number;
  spanMs: number;
}

/** The measured tenant (index 0) plus three small ones, postings over the `days` up to `endMs`. */
export function dataSetPlan(members: number, postings: number, endMs: number, days = 365): DataSetPlan {
  const others = [1, 2, 3].map((i) =>
    benchTenant(i, Math.max(1, Math.round(members / 20)), Math.max(1, Math.round(postings / 30))),
  );
  return {
    tenants: [benchTenant(0, members, postings), ...others],
    startMs: endMs - days * DAY_MS,
    spanMs: days * DAY_MS,
  };
}

/** Rows per INSERT: each statement holds the one-query-at-a-time engine for a few seconds only. */
const MEMBER_CHUNK = 250_000;
const POSTING_CHUNK = 500_000;

/** Where postings enter: `events` runs the whole production path; `ledger` starts below the dedup stage. */
export type PostingPath = 'events' | 'ledger';

export interface GenerationStatement {
  label: string;
  sql: string;
}

/**
 * The data set's statements, members first, then postings in time order (each window's new
 * postings, then the holds resolved in it), then segment memberships; each bounded in rows,
 * so in memory and in how long it holds the engine.
 */
export function generationStatements(plan: DataSetPlan, path: PostingPath): GenerationStatement[] {
  const out: GenerationStatement[] = [];
  const postingSql = path === 'events' ? postingEventsSql : postingLedgerSql;
  for (const t of plan.tenants) {
    for (const c of chunks(t.members, MEMBER_CHUNK))
      out.push({ label: `tenant ${t.index} members`, sql: memberEventsSql(t, plan.startMs, c.from, c.count) });
  }
  for (const t of plan.tenants) {
    for (const c of chunks(t.postings, POSTING_CHUNK)) {
      for (const states of ['first', 'resolutions'] as const) {
        out.push({
          label: `tenant ${t.index} postings (${states})`,
          sql: postingSql(t, plan.startMs, plan.spanMs, c.from, c.count, states),
        });
      }
    }
  }
  for (const t of plan.tenants)
    out.push({
      label: `tenant ${t.index} segment memberships`,
      sql: segmentMembershipsSql(t, plan.startMs + plan.spanMs),
    });
  return out;
}

/** Segments of the program, and the share of members each holds. */
export const BENCH_SEGMENTS = [0.3, 0.1, 0.5] as const;

export function benchSegmentId(tenant: number, segment: number): string {
  return `ab000000-0000-4000-8000-${(tenant * 16 + segment).toString(16).padStart(12, '0')}`;
}

/**
 * What segment evaluation writes back (segment_memberships): per segment, its share of the
 * members with is_member = 1 and a few who left with is_member = 0, evaluated a day before the end.
 */
export function segmentMembershipsSql(t: TenantData, endMs: number): string {
  const segments = BENCH_SEGMENTS.map(
    (share, i) => `('${benchSegmentId(t.index, i)}', ${Math.round(share * 1000)})`,
  ).join(', ');
  return `
INSERT INTO segment_memberships (tenant_id, program_id, member_id, segment_id, is_member, evaluated_at)
WITH number AS m, cityHash64(m, ${t.index}, 'segments') AS h
SELECT toUUID('${t.tenantId}'), toUUID('${t.programId}'), ${memberIdSql(t.index, 'm')}, toUUID(seg.1),
       toUInt8((h + seg.2 * 7) % 1000 < seg.2), fromUnixTimestamp64Milli(toInt64(${endMs - DAY_MS}), 'UTC')
FROM numbers(${t.members})
ARRAY JOIN [${segments}] AS seg
WHERE (h + seg.2 * 7) % 1000 < seg.2 + 20`;
}
