import { Temporal } from 'temporal-polyfill';
import { isoDatePattern } from '../api/string-patterns.ts';

// Merchants think in their program's wall-clock time ("the sale starts 1 December at midnight"),
// the database stores instants. A time given to the API is either an instant with an offset, or
// a program-local date-time without one, read in the program's IANA time zone:
//   '2026-12-01T09:00:00Z', '2026-12-01T10:00+01:00'  an instant, taken as is
//   '2026-12-01T00:00', '2026-12-01T00:00:00'         local wall-clock time
//   '2026-12-01'                                       local start of that day
// Daylight saving time: a local time inside a spring-forward gap does not exist and is refused
// (silently shifting it would start a campaign an hour off); a local time that occurs twice
// in an autumn overlap takes the earlier instant (the first time the clock shows it). A bare date
// is the first instant of that local day, even where midnight itself is skipped.

// Which form an input (already matched by PROGRAM_TIME_PATTERN) is in.
const INSTANT = /(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const PROGRAM_TIME_FORMATS =
  'an ISO 8601 instant with an offset (2026-12-01T00:00:00Z, 2026-12-01T00:00+01:00), ' +
  "or a date-time without one in the program's time zone (2026-12-01T00:00, or 2026-12-01 for the start of that day), " +
  'in the years 2000 to 2999';

// Business dates: the bounds keep every value far from what Date, Postgres and ISO strings
// treat specially (year 0, five-digit years).
const MIN_YEAR = 2000;
const MAX_YEAR = 2999;

export type ProgramTimeResult = { ok: true; instant: Date } | { ok: false; message: string };

/**
 * Every accepted form in one pattern, the contract's statement of them: a date that exists in
 * the years 2000-2999, optionally a time (00:00 to 23:59, seconds and milliseconds optional:
 * Temporal would quietly read a leap second :60 as :59, and a stored instant keeps milliseconds)
 * and, with a time, an offset (-23:59 to +23:59, as Temporal reads them).
 */
export const PROGRAM_TIME_PATTERN = new RegExp(
  `^${isoDatePattern(MIN_YEAR, MAX_YEAR)}(?:T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,3})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)?)?$`,
);

/** Whether `input` is written in one of the accepted forms and names a real calendar date. */
export function isProgramTimeInput(input: string): boolean {
  return PROGRAM_TIME_PATTERN.test(input);
}

/** Reads an API time in a program's time zone; refuses malformed input and nonexistent local times. */
export function resolveProgramTime(input: string, timeZone: string): ProgramTimeResult {
  if (!isProgramTimeInput(input)) return { ok: false, message: `"${input}" is not ${PROGRAM_TIME_FORMATS}` };
  if (INSTANT.test(input)) return { ok: true, instant: new Date(Temporal.Instant.from(input).epochMilliseconds) };
  if (LOCAL_DATE.test(input)) {
    return {
      ok: true,
      instant: new Date(Temporal.PlainDate.from(input).toZonedDateTime({ timeZone }).epochMilliseconds),
    };
  }
  const local = Temporal.PlainDateTime.from(input);
  const zoned = local.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  // In a gap, 'earlier' moves the wall-clock time back by the gap's length: the time never existed.
  if (!zoned.toPlainDateTime().equals(local)) {
    const resumes = zoned.getTimeZoneTransition('next');
    const at = resumes
      ? ` (clocks jump forward to ${resumes.toPlainTime().toString({ smallestUnit: 'minute' })} that day)`
      : '';
    return {
      ok: false,
      message: `"${input}" does not exist in ${timeZone}${at}; choose a time outside the daylight saving gap`,
    };
  }
  return { ok: true, instant: new Date(zoned.epochMilliseconds) };
}

/** The wall-clock time of an instant in a program's time zone, such as '2026-12-01T00:00:00'. */
export function toProgramLocal(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: 'second' });
}
