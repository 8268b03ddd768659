// The dashboard's time range, kept in the URL's search params so a link opens the same view.
// Relative presets are rounded to whole days in the chosen time zone (Grafana's `now-7d/d`): "last
// 7 days" is today and the six days before, from local midnight. A custom range names its first
// and last day. The previous period, for the KPI tiles' comparison, is the same number of days
// right before.

export const RANGE_PRESETS = ['today', '7d', '30d', '90d', 'month'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeKind = RangePreset | 'custom';

export const RANGE_LABELS: Record<RangeKind, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  custom: 'Custom dates',
};

export const REFRESH_INTERVALS = { off: 0, '30s': 30_000, '1m': 60_000, '5m': 300_000 } as const;
export type RefreshInterval = keyof typeof REFRESH_INTERVALS;

export interface DashboardSearch {
  range: RangeKind;
  /** Custom range only: first and last day (inclusive), YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Absent: the program's time zone. */
  tz?: string;
  refresh: RefreshInterval;
}

export const DEFAULT_SEARCH: DashboardSearch = { range: '7d', refresh: 'off' };
/** The report API's limit, two years and a day. */
export const MAX_RANGE_DAYS = 731;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: unknown): value is string {
  return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whatever the URL holds, a valid search: an unknown or broken value falls back to the default. */
export function parseDashboardSearch(raw: Record<string, unknown>): DashboardSearch {
  const refresh = Object.hasOwn(REFRESH_INTERVALS, String(raw.refresh)) ? (raw.refresh as RefreshInterval) : 'off';
  const tz = typeof raw.tz === 'string' && raw.tz !== '' && isTimeZone(raw.tz) ? raw.tz : undefined;
  const base = { refresh, ...(tz ? { tz } : {}) };
  if (raw.range === 'custom') {
    const { from, to } = raw;
    if (isDate(from) && isDate(to) && from <= to && daysBetween(from, addDays(to, 1)) <= MAX_RANGE_DAYS)
      return { range: 'custom', from, to, ...base };
    return { ...DEFAULT_SEARCH, ...base };
  }
  const range = (RANGE_PRESETS as readonly unknown[]).includes(raw.range) ? (raw.range as RangePreset) : '7d';
  return { range, ...base };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The calendar day it is at `now` in `timeZone`, YYYY-MM-DD. */
export function dayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** How far `timeZone` is ahead of UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
    .formatToParts(new Date(ms))
    .reduce<Record<string, number>>((acc, part) => ({ ...acc, [part.type]: Number(part.value) }), {});
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - (ms - (ms % 1000));
}

/** The instant a day starts in `timeZone` (its local midnight, or the first instant after a gap). */
export function startOfDayIn(day: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  let instant = wall - offsetAt(wall, timeZone);
  // Once more with the offset at the candidate: right across a DST change the first guess is off.
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant);
}

export type Grain = 'hour' | 'day';

export interface ResolvedRange {
  /** First day, inclusive, and the day after the last: what the KPI API takes. */
  fromDay: string;
  toDay: string;
  days: number;
  /** The same range as instants in the time zone: what report queries take. */
  from: string;
  to: string;
  timeZone: string;
  /** Hours for a day or two, days beyond. */
  grain: Grain;
}

function resolvedFrom(fromDay: string, toDay: string, timeZone: string): ResolvedRange {
  const days = daysBetween(fromDay, toDay);
  return {
    fromDay,
    toDay,
    days,
    from: startOfDayIn(fromDay, timeZone).toISOString(),
    to: startOfDayIn(toDay, timeZone).toISOString(),
    timeZone,
    grain: days <= 2 ? 'hour' : 'day',
  };
}

export function resolveRange(search: DashboardSearch, timeZone: string, now: Date): ResolvedRange {
  const today = dayIn(now, timeZone);
  const tomorrow = addDays(today, 1);
  switch (search.range) {
    case 'custom':
      return resolvedFrom(search.from!, addDays(search.to!, 1), timeZone);
    case 'today':
      return resolvedFrom(today, tomorrow, timeZone);
    case 'month':
      return resolvedFrom(`${today.slice(0, 8)}01`, tomorrow, timeZone);
    default:
      return resolvedFrom(addDays(tomorrow, -Number(search.range.slice(0, -1))), tomorrow, timeZone);
  }
}

/** The period of the same length right before, for comparisons. */
export function previousRange(range: ResolvedRange): ResolvedRange {
  return resolvedFrom(addDays(range.fromDay, -range.days), range.fromDay, range.timeZone);
}

/** The search params a new choice of range leaves: a preset drops the custom days. */
export function withRange(search: DashboardSearch, range: RangeKind, custom?: { from: string; to: string }) {
  const { from: _from, to: _to, ...rest } = search;
  return range === 'custom' && custom ? { ...rest, range, ...custom } : { ...rest, range };
}
