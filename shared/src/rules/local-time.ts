import { Temporal } from 'temporal-polyfill';

// Wall-clock time of an instant in an IANA time zone, at the speed the earn path needs.
// A Temporal conversion costs about 10 µs, more than a whole calculation may take, so we ask
// Temporal once for the span between two offset transitions (DST changes) around an instant
// and cache it: every instant inside that span shares the same UTC offset, so its wall clock
// is plain integer arithmetic. Each span is exact, transitions included, and a zone needs
// only two spans per year.

export const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
const MAX_SPANS_PER_ZONE = 256;

interface OffsetSpan {
  /** First instant (epoch ms) with this offset. */
  readonly from: number;
  /** First instant after the span (the next transition). */
  readonly until: number;
  readonly offsetMs: number;
}

interface ZoneCache {
  spans: OffsetSpan[];
  last: OffsetSpan | undefined;
}

const zones = new Map<string, ZoneCache>();

function spanAt(epochMs: number, timeZone: string): OffsetSpan {
  const zdt = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  const next = zdt.getTimeZoneTransition('next');
  // 'previous' is strictly before the instant: asking from 1 ms later finds a transition
  // that happens exactly at `epochMs`.
  const previous = Temporal.Instant.fromEpochMilliseconds(epochMs + 1)
    .toZonedDateTimeISO(timeZone)
    .getTimeZoneTransition('previous');
  return {
    from: previous ? previous.epochMilliseconds : Number.NEGATIVE_INFINITY,
    until: next ? next.epochMilliseconds : Number.POSITIVE_INFINITY,
    offsetMs: zdt.offsetNanoseconds / 1_000_000,
  };
}

/** The UTC offset (ms) of a time zone at an instant; throws a RangeError for an unknown zone. */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = { spans: [], last: undefined };
    zones.set(timeZone, zone);
  }
  const last = zone.last;
  if (last && epochMs >= last.from && epochMs < last.until) return last.offsetMs;
  for (const span of zone.spans) {
    if (epochMs >= span.from && epochMs < span.until) {
      zone.last = span;
      return span.offsetMs;
    }
  }
  // Bounded, so a caller walking decades of history cannot grow it without limit.
  if (zone.spans.length >= MAX_SPANS_PER_ZONE) zone.spans = [];
  const span = spanAt(epochMs, timeZone);
  zone.spans.push(span);
  zone.last = span;
  return span.offsetMs;
}

/**
 * Minutes since 1970-01-01T00:00 on the zone's wall clock: `Math.floor(m / 1440)` is the local
 * day number, `m % 1440` the minute of that day.
 */
export function localMinutes(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + zoneOffsetMs(epochMs, timeZone)) / MS_PER_MINUTE);
}

/** ISO day of week (1 Monday ... 7 Sunday) of a day number; day 0, 1970-01-01, was a Thursday. */
export function isoDayOfWeek(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Day number of a calendar date 'YYYY-MM-DD'; undefined when the date does not exist. */
export function dayNumberOf(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / 86_400_000;
}
