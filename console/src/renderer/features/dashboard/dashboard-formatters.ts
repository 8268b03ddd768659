import { cached } from '../formatting/formatters.ts';
import type { Grain } from './time-range.ts';

// The dashboard's numbers: compact on tiles (12.3K), full in tooltips and tables, rates and
// changes as percentages, buckets and feed times in the dashboard's time zone. Built from the
// console's cache of Intl formatters, one per locale, zone and style.

export interface DashboardFormatters {
  compact(value: number): string;
  full(value: number): string;
  percent(value: number): string;
  /** A relative change, with its sign: +12.5%, −3%. */
  change(value: number): string;
  /** A difference of two rates, in percentage points: +1.2 pp. */
  points(value: number): string;
  /** A bucket of the time series: `2026-03-01` (day) or an ISO instant (hour). */
  bucket(key: string, grain: Grain): string;
  /** A posting's time in the feed. */
  time(iso: string): string;
  /** A day, YYYY-MM-DD, as a date. */
  day(day: string): string;
}

export function dashboardFormatters(locale: string, timeZone: string): DashboardFormatters {
  const compact = cached(
    `c|${locale}`,
    () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }),
  );
  const full = cached(`n|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  const percent = cached(
    `p|${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
  );
  const change = cached(
    `pc|${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  );
  const pp = cached(
    `pp|${locale}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  );
  // Day keys are calendar days already: formatted as UTC so no zone moves them.
  const dayFormat = cached(
    `bd|${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
  );
  const fullDay = cached(
    `bdy|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
  );
  const hourFormat = cached(
    `bh|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }),
  );
  const time = cached(
    `t|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }),
  );
  return {
    compact: (v) => compact.format(v),
    full: (v) => full.format(v),
    percent: (v) => percent.format(v),
    change: (v) => change.format(v),
    points: (v) => `${pp.format(v * 100)} pp`,
    bucket: (key, grain) =>
      grain === 'day'
        ? dayFormat.format(new Date(`${key}T00:00:00Z`))
        : hourFormat.format(new Date(bucketInstant(key))),
    time: (iso) => time.format(new Date(iso)),
    day: (day) => fullDay.format(new Date(`${day}T00:00:00Z`)),
  };
}

/** An hour bucket's instant: ClickHouse writes the offset as +0100, which Date.parse need not accept. */
export function bucketInstant(key: string): number {
  return Date.parse(key.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
