import { z } from 'zod';
import {
  atLeastOneField,
  distinctItems,
  mustBeAfter,
  mustBeWithinDaysOf,
  mustNotBeBefore,
  timestampBetweenYears,
  withRule,
} from '../api/common.ts';
import { timezoneSchema } from '../api/programs.ts';

// A custom report over postings (the ledger: one row per posting in its latest state). Every
// choice is from a closed list, so the compiler (clickhouse/src/reports/compile-report.ts) maps
// names to SQL it wrote itself; user values (ids, kinds, dates, the time zone) only ever
// become query parameters. Filters are a small closed language of their own rather than the
// condition language: conditions speak member/transaction fields, reports filter postings.
//
// Time: a posting belongs to the bucket of its creation time (created_at), computed in
// `timezone`, so days, weeks (Monday) and months follow the zone's DST changes. The range is
// [from, to): `from` inclusive, `to` exclusive, both ISO instants.

export const REPORT_DIMENSIONS = ['program', 'member', 'kind', 'status', 'reward', 'actor_type'] as const;
export const REPORT_MEASURES = [
  'points_issued',
  'points_redeemed',
  'points_expired',
  'net_points',
  'postings',
  'redemptions',
  'active_members',
  'avg_points_per_posting',
] as const;
export const REPORT_TIME_GRAINS = ['none', 'hour', 'day', 'week', 'month'] as const;
export const REPORT_POSTING_KINDS = ['earn', 'redeem', 'adjust', 'reverse', 'expire'] as const;
export const REPORT_POSTING_STATUSES = ['posted', 'pending', 'voided'] as const;
export const REPORT_ACTOR_TYPES = ['api_key', 'user', 'system'] as const;
/** The column a report shows the time bucket in, when timeGrain is not `none`. */
export const REPORT_PERIOD_COLUMN = 'period';

export const REPORT_LIMITS = {
  dimensions: 3,
  measures: 8,
  filterValues: 100,
  orderBy: 5,
  maxRows: 10_000,
  defaultRows: 1_000,
  /** Two years and a day, so a leap year's Feb 29 fits in "two years". */
  maxSpanMs: 731 * 86_400_000,
  stringLength: 200,
} as const;

export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export type ReportMeasure = (typeof REPORT_MEASURES)[number];
export type ReportTimeGrain = (typeof REPORT_TIME_GRAINS)[number];

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;
const list = <T extends z.ZodType>(item: T) =>
  distinctItems(z.array(item).min(1).max(REPORT_LIMITS.filterValues), 'values must not repeat');
// Zone names as the IANA database spells them; the runtime must know the zone too. The same
// database ships with ClickHouse, which rejects an unknown zone at query time anyway.
const ZONE_PATTERN = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** The runtime's canonical name of a zone (Asia/Kolkata is Asia/Calcutta, Etc/UTC is UTC); undefined if unknown. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!ZONE_PATTERN.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isKnownTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

const instantSchema = timestampBetweenYears(1, 9999, 'must be an ISO 8601 instant, such as 2026-03-01T00:00:00Z');

// Other spellings of a listed zone (links such as US/Eastern) are read as the zone they name.
const reportTimeZoneSchema = z.preprocess(
  (zone) => (typeof zone === 'string' ? (canonicalTimeZone(zone) ?? zone) : zone),
  timezoneSchema,
);

export const reportFiltersSchema = z
  .strictObject({
    programIds: list(z.uuid()).optional(),
    memberIds: list(z.uuid()).optional(),
    kinds: list(z.enum(REPORT_POSTING_KINDS)).optional(),
    statuses: list(z.enum(REPORT_POSTING_STATUSES)).optional(),
    actorTypes: list(z.enum(REPORT_ACTOR_TYPES)).optional(),
    /** metadata.rewardId of redemptions; '' selects postings without one. */
    rewardIds: list(z.string().max(REPORT_LIMITS.stringLength)).optional(),
    /** Signed points of the posting (redemptions are negative), bounds inclusive. */
    points: atLeastOneField(
      z.strictObject({ min: z.int().optional(), max: mustNotBeBefore(z.int(), 'min').optional() }),
      'give min, max or both',
    )
      .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
        message: 'min must not exceed max',
        path: ['max'],
      })
      .optional(),
  })
  .describe('postings kept: every given filter must hold (AND); values within one filter are alternatives (OR)');

const orderFieldSchema = z.union([z.enum(REPORT_DIMENSIONS), z.enum(REPORT_MEASURES), z.literal(REPORT_PERIOD_COLUMN)]);

export const reportDefinitionSchema = z
  .strictObject({
    dimensions: distinctItems(
      z.array(z.enum(REPORT_DIMENSIONS)).max(REPORT_LIMITS.dimensions),
      'dimensions must not repeat',
    ).default([]),
    measures: distinctItems(
      z.array(z.enum(REPORT_MEASURES)).min(1).max(REPORT_LIMITS.measures),
      'measures must not repeat',
    ),
    filters: reportFiltersSchema.optional(),
    timeGrain: z.enum(REPORT_TIME_GRAINS).default('none'),
    timeRange: z.strictObject({
      from: instantSchema.describe('first instant, inclusive'),
      to: mustBeWithinDaysOf(
        mustBeAfter(instantSchema.describe('end instant, exclusive'), 'from'),
        'from',
        REPORT_LIMITS.maxSpanMs / 86_400_000,
      ),
    }),
    timezone: reportTimeZoneSchema.default('UTC'),
    orderBy: withRule(
      z
        .array(z.strictObject({ field: orderFieldSchema, direction: z.enum(['asc', 'desc']).default('asc') }))
        .max(REPORT_LIMITS.orderBy),
      'x-report-columns',
      { columns: ['dimensions', 'measures'], period: { column: REPORT_PERIOD_COLUMN, unless: { timeGrain: 'none' } } },
      `each field is a column of the report (a chosen dimension or measure, or ${REPORT_PERIOD_COLUMN} with a time grain), once`,
    ).optional(),
    limit: z.int().min(1).max(REPORT_LIMITS.maxRows).default(REPORT_LIMITS.defaultRows),
  })
  .superRefine((d, ctx) => {
    const from = Date.parse(d.timeRange.from);
    const to = Date.parse(d.timeRange.to);
    if (!Number.isNaN(from) && !Number.isNaN(to)) {
      if (to <= from)
        ctx.addIssue({ code: 'custom', path: ['timeRange', 'to'], message: 'must be after timeRange.from' });
      else if (to - from > REPORT_LIMITS.maxSpanMs)
        ctx.addIssue({
          code: 'custom',
          path: ['timeRange', 'to'],
          message: 'the range must not span more than 2 years',
        });
    }
    const selected = new Set<string>([
      ...d.dimensions,
      ...d.measures,
      ...(d.timeGrain === 'none' ? [] : [REPORT_PERIOD_COLUMN]),
    ]);
    (d.orderBy ?? []).forEach((o, i) => {
      if (!selected.has(o.field)) {
        ctx.addIssue({
          code: 'custom',
          path: ['orderBy', i, 'field'],
          message: `"${o.field}" is not a column of this report (a chosen dimension, measure, or period with a time grain)`,
        });
      }
    });
    if (d.orderBy && !unique(d.orderBy.map((o) => o.field)))
      ctx.addIssue({ code: 'custom', path: ['orderBy'], message: 'fields must not repeat' });
  })
  .meta({
    id: 'ReportDefinition',
    description: 'a custom report over postings: dimensions, measures, filters, time grain and range, time zone',
  });

/** What the caller sends (defaults may be left out). */
export type ReportDefinitionInput = z.input<typeof reportDefinitionSchema>;
/** A validated definition, defaults filled in. */
export type ReportDefinition = z.output<typeof reportDefinitionSchema>;
export type ReportFilters = z.output<typeof reportFiltersSchema>;
export type ReportOrderField = z.output<typeof orderFieldSchema>;

export interface ReportIssue {
  /** Dot path such as `filters.kinds.1` or `timeRange.to`; `(root)` for the whole definition. */
  path: string;
  message: string;
}
export type ParseReportDefinitionResult =
  { ok: true; definition: ReportDefinition } | { ok: false; issues: ReportIssue[] };

export function parseReportDefinition(input: unknown): ParseReportDefinitionResult {
  const result = reportDefinitionSchema.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.length === 0 ? '(root)' : i.path.map(String).join('.'),
      message: i.message,
    })),
  };
}
