import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { isProgramTimeInput, resolveProgramTime, toProgramLocal } from './program-time.ts';

const at = (input: string, tz = 'Europe/Paris') => {
  const r = resolveProgramTime(input, tz);
  if (!r.ok) throw new Error(r.message);
  return r.instant.toISOString();
};

describe('resolveProgramTime', () => {
  it('takes an instant with an offset as is', () => {
    expect(at('2026-12-01T00:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
    expect(at('2026-12-01T10:00+05:30')).toBe('2026-12-01T04:30:00.000Z');
    expect(at('2026-12-01T00:00:00.250-03:00', 'Asia/Tokyo')).toBe('2026-12-01T03:00:00.250Z');
  });

  it("reads a date-time without offset in the program's time zone", () => {
    expect(at('2026-12-01T00:00')).toBe('2026-11-30T23:00:00.000Z');
    expect(at('2026-07-01T00:00:00')).toBe('2026-06-30T22:00:00.000Z');
    expect(at('2026-12-01T00:00', 'America/New_York')).toBe('2026-12-01T05:00:00.000Z');
    expect(at('2026-12-01T00:00', 'UTC')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('reads a bare date as the start of that local day', () => {
    expect(at('2026-12-01')).toBe('2026-11-30T23:00:00.000Z');
    // Santiago skips midnight on its spring-forward day: the day starts at 01:00.
    expect(at('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('spans a spring-forward day with 23 hours', () => {
    const start = Date.parse(at('2026-03-29'));
    const end = Date.parse(at('2026-03-30'));
    expect((end - start) / 3_600_000).toBe(23);
  });

  it('refuses a local time inside a daylight saving gap, naming where clocks resume', () => {
    const r = resolveProgramTime('2026-03-29T02:30', 'Europe/Paris');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toMatch(/does not exist in Europe\/Paris.*03:00/);
    expect(resolveProgramTime('2026-03-08T02:00', 'America/New_York').ok).toBe(false);
    // The same wall-clock time exists in a zone without that transition.
    expect(resolveProgramTime('2026-03-29T02:30', 'UTC').ok).toBe(true);
  });

  it('takes the earlier instant for a local time that occurs twice', () => {
    // 02:30 on 25 October 2026 happens at +02:00 and again at +01:00 in Paris.
    expect(at('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it.each([
    '2026-02-30',
    '2026-13-01T00:00',
    '2026-12-01T24:00',
    '2026-12-01T00:00:60',
    '20261201',
    '2026-12-01T00',
    '2026-12-01T00:00:00[Europe/Paris]',
    '2026-12-01t00:00z',
    '2026-12-01T00:00:00.1234Z',
    ' 2026-12-01',
    'tomorrow',
    '',
    '0000-01-01',
    '1999-12-31T23:59Z',
    '3000-01-01',
  ])('refuses %j', (input) => {
    expect(isProgramTimeInput(input)).toBe(false);
    expect(resolveProgramTime(input, 'Europe/Paris').ok).toBe(false);
  });
});

describe('toProgramLocal', () => {
  it('shows an instant as wall-clock time in the zone', () => {
    expect(toProgramLocal(new Date('2026-11-30T23:00:00Z'), 'Europe/Paris')).toBe('2026-12-01T00:00:00');
    expect(toProgramLocal(new Date('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe('2026-10-25T02:30:00');
  });

  it('round-trips with resolveProgramTime outside gaps and overlaps', () => {
    for (const local of ['2026-01-15T08:45:00', '2026-06-30T23:59:59', '2026-12-31T00:00:00']) {
      expect(toProgramLocal(new Date(at(local, 'Australia/Sydney')), 'Australia/Sydney')).toBe(local);
    }
  });
});

describe('PROGRAM_TIME_PATTERN', () => {
  // What Temporal itself accepts in the three forms, in the years 2000-2999: the pattern must agree.
  const TIME = String.raw`T\d{2}:\d{2}(:[0-5]\d(\.\d{1,3})?)?`;
  const forms: [RegExp, (s: string) => unknown][] = [
    [new RegExp(String.raw`^\d{4}-\d{2}-\d{2}${TIME}(Z|[+-]\d{2}:\d{2})$`), (s) => Temporal.Instant.from(s)],
    [new RegExp(String.raw`^\d{4}-\d{2}-\d{2}${TIME}$`), (s) => Temporal.PlainDateTime.from(s)],
    [/^\d{4}-\d{2}-\d{2}$/, (s) => Temporal.PlainDate.from(s)],
  ];
  function temporalAccepts(input: string): boolean {
    const year = Number(input.slice(0, 4));
    if (!(year >= 2000 && year <= 2999)) return false;
    const form = forms.find(([re]) => re.test(input));
    try {
      return form !== undefined && form[1](input) !== undefined;
    } catch {
      return false;
    }
  }
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const near = fc
    .tuple(
      fc.constantFrom('1999', '2000', '2024', '2025', '2100', '2999', '3000'),
      two(13),
      two(32),
      fc.option(
        fc.tuple(two(24), two(60), fc.option(two(60)), fc.option(fc.constantFrom('.1', '.12', '.123', '.1234'))),
      ),
      fc.option(fc.constantFrom('Z', '+00:00', '-03:30', '+23:59', '+24:00', '-12:60', 'z')),
    )
    .map(([y, m, d, time, offset]) => {
      const t = time ? `T${time[0]}:${time[1]}${time[2] ? `:${time[2]}${time[3] ?? ''}` : ''}` : '';
      return `${y}-${m}-${d}${t}${offset ?? ''}`;
    });

  it('accepts exactly what Temporal reads in the accepted forms and years', () => {
    fc.assert(
      fc.property(near, (input) => {
        expect(isProgramTimeInput(input), input).toBe(temporalAccepts(input));
      }),
      { numRuns: 5_000 },
    );
  });
});
