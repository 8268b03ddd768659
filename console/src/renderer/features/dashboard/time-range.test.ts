import { describe, expect, it } from 'vitest';
import { parseDashboardSearch, previousRange, resolveRange, startOfDayIn, withRange } from './time-range.ts';

// 2026-03-29 is the day Paris moves to summer time (02:00 → 03:00); 23:30 UTC on the 28th is
// already the 29th in Paris.
const NOW = new Date('2026-03-28T23:30:00Z');

describe('the dashboard range', () => {
  it('rounds relative presets to whole days in the time zone, today included', () => {
    const week = resolveRange({ range: '7d', refresh: 'off' }, 'Europe/Paris', NOW);
    expect(week).toMatchObject({ fromDay: '2026-03-23', toDay: '2026-03-30', days: 7, grain: 'day' });
    expect(week.from).toBe('2026-03-22T23:00:00.000Z');
    // The 29th is 23 hours long: the 30th starts at 22:00 UTC.
    expect(week.to).toBe('2026-03-29T22:00:00.000Z');
    expect(resolveRange({ range: '7d', refresh: 'off' }, 'UTC', NOW)).toMatchObject({
      fromDay: '2026-03-22',
      toDay: '2026-03-29',
    });
  });

  it('knows today, this month and 90 days; a day or two is drawn per hour', () => {
    expect(resolveRange({ range: 'today', refresh: 'off' }, 'Europe/Paris', NOW)).toMatchObject({
      fromDay: '2026-03-29',
      toDay: '2026-03-30',
      grain: 'hour',
    });
    expect(resolveRange({ range: 'month', refresh: 'off' }, 'Europe/Paris', NOW)).toMatchObject({
      fromDay: '2026-03-01',
      days: 29,
    });
    expect(resolveRange({ range: '90d', refresh: 'off' }, 'UTC', NOW)).toMatchObject({
      fromDay: '2025-12-29',
      days: 90,
    });
  });

  it('takes custom days inclusive, and compares with the same number of days before', () => {
    const r = resolveRange({ range: 'custom', from: '2026-02-01', to: '2026-02-10', refresh: 'off' }, 'UTC', NOW);
    expect(r).toMatchObject({ fromDay: '2026-02-01', toDay: '2026-02-11', days: 10 });
    expect(previousRange(r)).toMatchObject({ fromDay: '2026-01-22', toDay: '2026-02-01', days: 10 });
  });

  it('finds local midnight across zones and DST', () => {
    expect(startOfDayIn('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(startOfDayIn('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
    expect(startOfDayIn('2026-03-30', 'Europe/Paris').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('the URL search params', () => {
  it('keeps what is valid and falls back to the last 7 days without auto-refresh', () => {
    expect(parseDashboardSearch({})).toEqual({ range: '7d', refresh: 'off' });
    expect(parseDashboardSearch({ range: '30d', refresh: '1m', tz: 'Asia/Tokyo' })).toEqual({
      range: '30d',
      refresh: '1m',
      tz: 'Asia/Tokyo',
    });
    expect(parseDashboardSearch({ range: 'forever', refresh: '1s', tz: 'Mars/Olympus' })).toEqual({
      range: '7d',
      refresh: 'off',
    });
  });

  it('refuses a custom range that is reversed, malformed or longer than two years', () => {
    expect(parseDashboardSearch({ range: 'custom', from: '2026-01-01', to: '2026-01-31' })).toMatchObject({
      range: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(parseDashboardSearch({ range: 'custom', from: '2026-02-01', to: '2026-01-31' }).range).toBe('7d');
    expect(parseDashboardSearch({ range: 'custom', from: '2026-13-01', to: '2026-12-31' }).range).toBe('7d');
    expect(parseDashboardSearch({ range: 'custom', from: '2023-01-01', to: '2026-01-01' }).range).toBe('7d');
  });

  it('drops the custom days when a preset is chosen', () => {
    const custom = { range: 'custom' as const, from: '2026-01-01', to: '2026-01-02', refresh: '30s' as const };
    expect(withRange(custom, '30d')).toEqual({ range: '30d', refresh: '30s' });
  });
});
