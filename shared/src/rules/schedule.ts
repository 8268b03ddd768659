import { z } from 'zod';
import { mustDifferFrom, mustNotBeBefore } from '../api/common.ts';
import { isoDateOnlyPattern } from '../api/string-patterns.ts';
import { dayNumberOf, isoDayOfWeek, MINUTES_PER_DAY } from './local-time.ts';

// When a rule runs, on the program's wall clock (see local-time.ts):
//   daysOfWeek   ISO days, 1 Monday ... 7 Sunday
//   timeWindows  'HH:MM' start (inclusive) to 'HH:MM' end (exclusive); an end before the start
//                crosses midnight ('22:00'-'02:00'); '24:00' is the end of the day
//   dateRanges   'YYYY-MM-DD' to 'YYYY-MM-DD', both days included
// Every part given must hold; within a part, any entry may. A window that crosses midnight
// belongs to the day it opened on: "Fridays 22:00-02:00" includes Saturday 01:30, and a date
// range ending on the 31st includes the small hours of the 1st for such a window.
// Wall-clock semantics across DST: on a spring-forward day the skipped hour never shows on the
// clock, so a 02:00-03:00 window (Europe/Paris, last Sunday of March) matches nothing that day
// and a 02:30-03:30 window matches 03:00-03:30; on a fall-back day the repeated hour matches
// twice, as a happy hour printed on a shop window would.

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string) =>
  hhmm === '24:00' ? MINUTES_PER_DAY : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const END_HHMM = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const startTime = z.string().regex(HHMM, "must be a time 'HH:MM' from 00:00 to 23:59");
const endTime = z.string().regex(END_HHMM, "must be a time 'HH:MM' from 00:00 to 24:00");
const MIN_YEAR = 1970;
const MAX_YEAR = 2299;
const calendarDate = z
  .string()
  .regex(
    isoDateOnlyPattern(MIN_YEAR, MAX_YEAR),
    `must be a date 'YYYY-MM-DD' that exists, between the years ${MIN_YEAR} and ${MAX_YEAR}`,
  );

export const ruleTimeWindowSchema = z
  .strictObject({ start: startTime, end: mustDifferFrom(endTime.describe('00:00 to 24:00 is the whole day'), 'start') })
  .refine((w) => !HHMM.test(w.start) || minutesOf(w.start) !== minutesOf(w.end), {
    message: 'start and end must differ (00:00 to 24:00 is the whole day)',
    path: ['end'],
  });

export const ruleDateRangeSchema = z
  .strictObject({ from: calendarDate, to: mustNotBeBefore(calendarDate, 'from') })
  .refine((r) => dayNumberOf(r.from) === undefined || dayNumberOf(r.to) === undefined || r.from <= r.to, {
    message: 'must not be before from',
    path: ['to'],
  });

const isoDay = z
  .int({ error: 'must be an ISO day of week, 1 (Monday) to 7 (Sunday)' })
  .min(1, 'must be 1 (Monday) to 7 (Sunday)')
  .max(7, 'must be 1 (Monday) to 7 (Sunday)');

export const ruleScheduleSchema = z
  .strictObject({
    daysOfWeek: z
      .array(isoDay)
      .min(1, 'must name at least one day; omit it for every day')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'must not repeat a day')
      .meta({ uniqueItems: true })
      .optional(),
    timeWindows: z
      .array(ruleTimeWindowSchema)
      .min(1, 'must hold at least one window; omit it for all day')
      .max(24)
      .optional(),
    dateRanges: z
      .array(ruleDateRangeSchema)
      .min(1, 'must hold at least one range; omit it for every date')
      .max(100)
      .optional(),
  })
  .refine(
    (s) => s.daysOfWeek !== undefined || s.timeWindows !== undefined || s.dateRanges !== undefined,
    'must set daysOfWeek, timeWindows or dateRanges',
  )
  // The three keys are the only ones: at least one property is at least one of them.
  .meta({
    id: 'RuleSchedule',
    description: "when the rule runs, on the program's local clock; sets daysOfWeek, timeWindows or dateRanges",
    minProperties: 1,
  });
export type RuleSchedule = z.infer<typeof ruleScheduleSchema>;

/** Takes local minutes since the epoch (local-time.ts `localMinutes`). */
export type CompiledSchedule = (localMinutes: number) => boolean;

export function compileSchedule(schedule: RuleSchedule): CompiledSchedule {
  // Bit d set: ISO day d allowed.
  const dayMask = schedule.daysOfWeek ? schedule.daysOfWeek.reduce((m, d) => m | (1 << d), 0) : 0xfe;
  const ranges = (schedule.dateRanges ?? []).flatMap((r) => [dayNumberOf(r.from)!, dayNumberOf(r.to)!]);
  const dayOk = (day: number): boolean => {
    if ((dayMask & (1 << isoDayOfWeek(day))) === 0) return false;
    if (ranges.length === 0) return true;
    for (let i = 0; i < ranges.length; i += 2) if (day >= ranges[i]! && day <= ranges[i + 1]!) return true;
    return false;
  };
  const windows = schedule.timeWindows?.flatMap((w) => [minutesOf(w.start), minutesOf(w.end)]);
  if (!windows) return (localMinutes) => dayOk(Math.floor(localMinutes / MINUTES_PER_DAY));
  return (localMinutes) => {
    const day = Math.floor(localMinutes / MINUTES_PER_DAY);
    const minute = localMinutes - day * MINUTES_PER_DAY;
    for (let i = 0; i < windows.length; i += 2) {
      const start = windows[i]!;
      const end = windows[i + 1]!;
      if (start < end) {
        if (minute >= start && minute < end && dayOk(day)) return true;
      } else {
        if (minute >= start && dayOk(day)) return true;
        if (minute < end && dayOk(day - 1)) return true;
      }
    }
    return false;
  };
}
