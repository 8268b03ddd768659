import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { dayNumberOf, isoDayOfWeek, localMinutes } from './local-time.ts';
import { compileSchedule, ruleScheduleSchema, type RuleSchedule } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const wall = (iso: string, tz: string) => {
  const m = localMinutes(at(iso), tz);
  const day = Math.floor(m / 1440);
  const minute = m - day * 1440;
  return `${new Date(day * 86_400_000).toISOString().slice(0, 10)} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
};
const runs = (schedule: RuleSchedule, iso: string, tz = 'Europe/Paris') =>
  compileSchedule(ruleScheduleSchema.parse(schedule))(localMinutes(at(iso), tz));

/** Minutes of a UTC day (from `dayStartIso`, for `hours` hours) on which the schedule runs. */
function matchingMinutes(schedule: RuleSchedule, fromIso: string, hours: number, tz: string): number {
  const run = compileSchedule(ruleScheduleSchema.parse(schedule));
  let n = 0;
  for (let t = at(fromIso); t < at(fromIso) + hours * 3_600_000; t += 60_000) if (run(localMinutes(t, tz))) n++;
  return n;
}

describe('local clock', () => {
  it.each([
    // Europe/Paris springs forward on 2026-03-29 at 01:00Z (02:00 CET -> 03:00 CEST)
    ['2026-03-29T00:59:00Z', 'Europe/Paris', '2026-03-29 01:59'],
    ['2026-03-29T01:00:00Z', 'Europe/Paris', '2026-03-29 03:00'],
    // and falls back on 2026-10-25 at 01:00Z (03:00 CEST -> 02:00 CET): 02:30 happens twice
    ['2026-10-25T00:30:00Z', 'Europe/Paris', '2026-10-25 02:30'],
    ['2026-10-25T01:30:00Z', 'Europe/Paris', '2026-10-25 02:30'],
    // America/New_York: 2026-03-08 07:00Z (02:00 EST -> 03:00 EDT), 2026-11-01 06:00Z (02:00 EDT -> 01:00 EST)
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08 01:59'],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08 03:00'],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01 01:30'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01 01:30'],
    ['2026-01-01T00:00:00Z', 'Asia/Kathmandu', '2026-01-01 05:45'],
    ['2026-01-01T00:00:00Z', 'UTC', '2026-01-01 00:00'],
    ['1969-12-31T23:59:00Z', 'UTC', '1969-12-31 23:59'],
  ])('%s in %s is %s', (iso, tz, expected) => {
    expect(wall(iso, tz)).toBe(expected);
  });

  it('agrees with Temporal for any instant in any zone (the span cache is exact)', () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/Sao_Paulo',
      'Pacific/Apia',
      'UTC',
      'Africa/Casablanca',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: at('1975-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
          const day = dayNumberOf(z.toPlainDate().toString())!;
          expect(localMinutes(ms, tz)).toBe(day * 1440 + z.hour * 60 + z.minute);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('numbers days and weekdays', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(isoDayOfWeek(0)).toBe(4);
    expect(isoDayOfWeek(dayNumberOf('2026-03-29')!)).toBe(7);
    expect(isoDayOfWeek(-1)).toBe(3);
    expect(dayNumberOf('2026-02-29')).toBeUndefined();
    expect(dayNumberOf('2028-02-29')).toBeDefined();
  });
});

describe('schedules', () => {
  it('a 02:30 window does not exist on the spring-forward day and happens twice on the fall-back day', () => {
    const window = { timeWindows: [{ start: '02:30', end: '02:45' }] };
    expect(matchingMinutes(window, '2026-03-28T00:00:00Z', 24, 'Europe/Paris')).toBe(15);
    expect(matchingMinutes(window, '2026-03-29T00:00:00Z', 24, 'Europe/Paris')).toBe(0);
    expect(matchingMinutes(window, '2026-10-25T00:00:00Z', 24, 'Europe/Paris')).toBe(30);
    expect(matchingMinutes(window, '2026-03-08T00:00:00Z', 24, 'America/New_York')).toBe(0);
  });

  it('a window spanning the skipped hour keeps only what the clock shows', () => {
    const s = { timeWindows: [{ start: '02:30', end: '03:30' }] };
    expect(runs(s, '2026-03-29T00:59:00Z')).toBe(false); // 01:59 CET
    expect(runs(s, '2026-03-29T01:00:00Z')).toBe(true); // 03:00 CEST
    expect(runs(s, '2026-03-29T01:29:00Z')).toBe(true); // 03:29 CEST
    expect(runs(s, '2026-03-29T01:30:00Z')).toBe(false); // 03:30 CEST
    expect(matchingMinutes(s, '2026-03-29T00:00:00Z', 24, 'Europe/Paris')).toBe(30);
    // fall back: 02:30-03:00 CEST, then 02:30-03:30 CET
    expect(matchingMinutes(s, '2026-10-25T00:00:00Z', 24, 'Europe/Paris')).toBe(90);
  });

  it('happy hour 17:00-19:00 is two hours of local time on both sides of a DST change', () => {
    const s = { timeWindows: [{ start: '17:00', end: '19:00' }] };
    expect(runs(s, '2026-03-28T16:00:00Z')).toBe(true); // 17:00 CET
    expect(runs(s, '2026-03-29T15:00:00Z')).toBe(true); // 17:00 CEST
    expect(runs(s, '2026-03-29T16:59:00Z')).toBe(true); // 18:59 CEST
    expect(runs(s, '2026-03-29T17:00:00Z')).toBe(false); // 19:00 CEST
    expect(runs(s, '2026-11-02T22:00:00Z', 'America/New_York')).toBe(true); // 17:00 EST
    expect(runs(s, '2026-10-31T21:00:00Z', 'America/New_York')).toBe(true); // 17:00 EDT
    expect(runs(s, '2026-11-02T21:00:00Z', 'America/New_York')).toBe(false); // 16:00 EST
  });

  it('a window crossing midnight belongs to the day it opened on', () => {
    // Fridays 22:00-02:00, Paris (UTC+2 in June)
    const s = { daysOfWeek: [5], timeWindows: [{ start: '22:00', end: '02:00' }] };
    expect(runs(s, '2026-06-12T19:59:00Z')).toBe(false); // Fri 21:59
    expect(runs(s, '2026-06-12T20:00:00Z')).toBe(true); // Fri 22:00
    expect(runs(s, '2026-06-12T23:30:00Z')).toBe(true); // Sat 01:30
    expect(runs(s, '2026-06-13T00:00:00Z')).toBe(false); // Sat 02:00
    expect(runs(s, '2026-06-11T23:30:00Z')).toBe(false); // Fri 01:30 belongs to Thursday
    expect(runs(s, '2026-06-13T20:30:00Z')).toBe(false); // Sat 22:30
  });

  it('a crossing window closes the first time the clock shows its end', () => {
    // 22:00 CEST (20:00Z) to the first 02:00, still CEST (00:00Z); the repeated 02:00-03:00 is after the end
    expect(
      matchingMinutes({ timeWindows: [{ start: '22:00', end: '02:00' }] }, '2026-10-24T12:00:00Z', 24, 'Europe/Paris'),
    ).toBe(240);
    // spring forward: 22:00 CET (21:00Z) to 02:00, which the clock skips, so it closes at 03:00 CEST (01:00Z)
    expect(
      matchingMinutes({ timeWindows: [{ start: '22:00', end: '02:00' }] }, '2026-03-28T12:00:00Z', 24, 'Europe/Paris'),
    ).toBe(240);
  });

  it('date ranges are local calendar days, both ends included', () => {
    const s = { dateRanges: [{ from: '2026-12-24', to: '2026-12-26' }] };
    expect(runs(s, '2026-12-23T22:59:00Z')).toBe(false); // 23:59 on the 23rd
    expect(runs(s, '2026-12-23T23:00:00Z')).toBe(true); // 00:00 on the 24th
    expect(runs(s, '2026-12-26T22:59:00Z')).toBe(true); // 23:59 on the 26th
    expect(runs(s, '2026-12-26T23:00:00Z')).toBe(false); // the 27th
  });

  it('every part must hold; within a part any entry may', () => {
    const s = {
      daysOfWeek: [6, 7],
      timeWindows: [
        { start: '08:00', end: '10:00' },
        { start: '14:00', end: '15:00' },
      ],
      dateRanges: [{ from: '2026-06-01', to: '2026-06-30' }],
    };
    expect(runs(s, '2026-06-13T06:30:00Z')).toBe(true); // Sat 08:30
    expect(runs(s, '2026-06-14T12:30:00Z')).toBe(true); // Sun 14:30
    expect(runs(s, '2026-06-15T06:30:00Z')).toBe(false); // Mon
    expect(runs(s, '2026-06-13T10:30:00Z')).toBe(false); // Sat 12:30
    expect(runs(s, '2026-07-04T06:30:00Z')).toBe(false); // July
    expect(runs({ timeWindows: [{ start: '00:00', end: '24:00' }] }, '2026-06-13T21:59:00Z')).toBe(true);
  });

  it.each([
    [{}, '', 'must set daysOfWeek, timeWindows or dateRanges'],
    [{ daysOfWeek: [0] }, 'daysOfWeek.0', 'must be 1 (Monday) to 7 (Sunday)'],
    [{ daysOfWeek: [1, 1] }, 'daysOfWeek', 'must not repeat a day'],
    [
      { timeWindows: [{ start: '25:00', end: '02:00' }] },
      'timeWindows.0.start',
      "must be a time 'HH:MM' from 00:00 to 23:59",
    ],
    [
      { timeWindows: [{ start: '9:00', end: '10:00' }] },
      'timeWindows.0.start',
      "must be a time 'HH:MM' from 00:00 to 23:59",
    ],
    [
      { timeWindows: [{ start: '10:00', end: '10:00' }] },
      'timeWindows.0.end',
      'start and end must differ (00:00 to 24:00 is the whole day)',
    ],
    [
      { dateRanges: [{ from: '2026-02-30', to: '2026-03-01' }] },
      'dateRanges.0.from',
      "must be a date 'YYYY-MM-DD' that exists, between the years 1970 and 2299",
    ],
    [{ dateRanges: [{ from: '2026-03-02', to: '2026-03-01' }] }, 'dateRanges.0.to', 'must not be before from'],
    [{ weekdays: [1] }, '', 'Unrecognized key: "weekdays"'],
  ])('refuses %j at "%s"', (schedule, path, message) => {
    const result = ruleScheduleSchema.safeParse(schedule);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({
      path: path ? path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [],
      message,
    });
  });
});
