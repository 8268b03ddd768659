import { Temporal } from 'temporal-polyfill';

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

// Seconds stop at 59 (Temporal would quietly read a leap second :60 as :59) and fractions at
// milliseconds, the precision of a stored instant.
const TIME = String.raw`T\d{2}:\d{2}(:[0-5]\d(\.\d{1,3})?)?`;
const INSTANT = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}${TIME}(Z|[+-]\d{2}:\d{2})$`);
const LOCAL_DATE_TIME = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}${TIME}$`);
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

/** Whether `input` is written in one of the accepted forms and names a real calendar date. */
export function isProgramTimeInput(input: string): boolean {
  const year = Number(input.slice(0, 4));
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) return false;
  try {
    if (INSTANT.test(input)) return Temporal.Instant.from(input) !== undefined;
    if (LOCAL_DATE_TIME.test(input)) return Temporal.PlainDateTime.from(input) !== undefined;
    if (LOCAL_DATE.test(input)) return Temporal.PlainDate.from(input) !== undefined;
  } catch {
    return false;
  }
  return false;
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
