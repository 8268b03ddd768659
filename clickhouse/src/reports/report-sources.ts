import type { ReportDefinition, ReportDimension, ReportMeasure, ReportTimeGrain } from '@loyalty/shared';

// The two tables a report can read, as fixed SQL fragments (no user value ever reaches them):
//   ledger:  ledger_entries FINAL, one row per posting in its latest state; answers everything.
//   rollup:  report_postings_15m (migration 0009), the same postings summed per 15-minute
//            bucket, kind, status, actor type and reward; about 30x fewer rows for a busy
//            program, the same numbers for the reports it can answer (rollupServes).

export type ReportSourceName = 'ledger' | 'rollup';

export interface ReportSource {
  readonly name: ReportSourceName;
  readonly table: string;
  readonly final: boolean;
  /** The UTC time column the range and the period buckets apply to. */
  readonly time: string;
  readonly dimensions: Readonly<Partial<Record<ReportDimension, string>>>;
  readonly measures: Readonly<Partial<Record<ReportMeasure, string>>>;
  /** The reward key, for the rewardIds filter. */
  readonly reward: string;
  /** Keeps only groups that hold postings (the rollup keeps cancelled pending states at 0 until merged). */
  readonly having?: string;
}

const POSTED = "status = 'posted'";
const REWARD = "if(JSONType(metadata, 'rewardId') = 'String', JSONExtractString(metadata, 'rewardId'), '')";

export const LEDGER_SOURCE: ReportSource = {
  name: 'ledger',
  table: 'ledger_entries',
  final: true,
  time: 'created_at',
  dimensions: {
    program: 'toString(program_id)',
    member: 'toString(member_id)',
    // Plain columns under their own name: an alias such as `toString(kind) AS kind` would
    // shadow the column in WHERE and in the measures.
    kind: 'kind',
    status: 'status',
    // The same key as reward_redemptions_* (0006): metadata.rewardId when a string, else ''.
    reward: REWARD,
    actor_type: 'actor_type',
  },
  measures: {
    points_issued: `sumIf(points, ${POSTED} AND kind IN ('earn', 'adjust') AND points > 0)`,
    points_redeemed: `sumIf(-points, ${POSTED} AND kind = 'redeem')`,
    points_expired: `sumIf(-points, ${POSTED} AND kind = 'expire')`,
    net_points: `sumIf(points, ${POSTED})`,
    postings: `countIf(${POSTED})`,
    redemptions: `countIf(${POSTED} AND kind = 'redeem')`,
    // Members who acted (an earn, a hold, a redemption) in the bucket, like the rollups' measure,
    // but exact: the report reads the postings themselves.
    active_members: "uniqExactIf(member_id, kind IN ('earn', 'redeem'))",
    // NULL, not NaN or a division error, for a bucket without posted postings.
    avg_points_per_posting: `if(countIf(${POSTED}) = 0, NULL, round(sumIf(points, ${POSTED}) / countIf(${POSTED}), 2))`,
  },
  reward: REWARD,
};

// Measures as sums of the rollup's counts and signed point sums; the same arithmetic (and the
// same result types) as the ledger's per-posting expressions.
const NET = 'points_positive + points_negative';
export const ROLLUP_SOURCE: ReportSource = {
  name: 'rollup',
  table: 'report_postings_15m',
  final: false,
  time: 'bucket',
  dimensions: {
    program: 'toString(program_id)',
    kind: 'kind',
    status: 'status',
    reward: 'reward_id',
    actor_type: 'actor_type',
  },
  measures: {
    points_issued: `sumIf(points_positive, ${POSTED} AND kind IN ('earn', 'adjust'))`,
    points_redeemed: `sumIf(-(${NET}), ${POSTED} AND kind = 'redeem')`,
    points_expired: `sumIf(-(${NET}), ${POSTED} AND kind = 'expire')`,
    net_points: `sumIf(${NET}, ${POSTED})`,
    postings: `toUInt64(sumIf(posting_count, ${POSTED}))`,
    redemptions: `toUInt64(sumIf(posting_count, ${POSTED} AND kind = 'redeem'))`,
    avg_points_per_posting: `if(sumIf(posting_count, ${POSTED}) = 0, NULL, round(sumIf(${NET}, ${POSTED}) / sumIf(posting_count, ${POSTED}), 2))`,
  },
  reward: 'reward_id',
  having: 'sum(posting_count) > 0',
};

const BUCKET_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Whether the rollup gives exactly the ledger's answer: no member dimension, exact member
 * count, member or points filter (the rollup has no members or single postings), a range on
 * bucket boundaries, and buckets that never straddle a local period: the zone's offset is a
 * whole number of quarter hours throughout the range (checked daily, and at both ends).
 */
export function rollupServes(d: ReportDefinition): boolean {
  if (
    d.dimensions.some((x) => !(x in ROLLUP_SOURCE.dimensions)) ||
    d.measures.some((m) => !(m in ROLLUP_SOURCE.measures))
  )
    return false;
  if (d.filters?.memberIds || d.filters?.points) return false;
  const from = Date.parse(d.timeRange.from);
  const to = Date.parse(d.timeRange.to);
  if (!(from % BUCKET_MS === 0 && to % BUCKET_MS === 0 && from < to)) return false;
  if (d.timeGrain === 'none') return true;
  const offset = offsetMinutes(d.timezone);
  if (!offset) return false;
  for (let t = from; t < to + DAY_MS; t += DAY_MS) {
    const minutes = offset(Math.min(t, to));
    if (minutes === undefined || minutes % 15 !== 0) return false;
  }
  return true;
}

/** The zone's UTC offset in minutes at an instant, or undefined when the runtime does not know the zone. */
function offsetMinutes(zone: string): ((epochMs: number) => number | undefined) | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  } catch {
    return undefined;
  }
  return (epochMs) => {
    const name = format.formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name === 'GMT') return 0;
    const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
    if (!m || (m[4] !== undefined && m[4] !== '00')) return undefined;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  };
}

/** Weeks start on Monday (mode 1), ISO style; day, week and month show as local dates, an hour with its offset. */
export const PERIOD_SQL: Readonly<Record<Exclude<ReportTimeGrain, 'none'>, (time: string, tz: string) => string>> = {
  hour: (time, tz) => `formatDateTime(toStartOfHour(${time}, ${tz}), '%Y-%m-%dT%H:%i:%S%z')`,
  day: (time, tz) => `toString(toDate(toStartOfDay(${time}, ${tz}), ${tz}))`,
  week: (time, tz) => `toString(toStartOfWeek(${time}, 1, ${tz}))`,
  month: (time, tz) => `toString(toStartOfMonth(${time}, ${tz}))`,
};
