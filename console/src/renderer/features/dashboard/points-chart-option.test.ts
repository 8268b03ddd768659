import { describe, expect, it } from 'vitest';
import { dashboardFormatters } from './dashboard-formatters.ts';
import { CHART_PALETTES, DENSE_SERIES, pointsChartOption } from './points-chart-option.ts';
import { bucketKeys, pointsSeries } from './points-series.ts';
import { resolveRange } from './time-range.ts';
import { topRewards } from './top-rewards.ts';

const f = dashboardFormatters('en-US', 'Europe/Paris');
const NOW = new Date('2026-03-10T12:00:00Z');
const week = resolveRange({ range: '7d', refresh: 'off' }, 'Europe/Paris', NOW);
const today = resolveRange({ range: 'today', refresh: 'off' }, 'Europe/Paris', NOW);
const columns = [
  { name: 'period', role: 'period' as const, type: 'string' as const },
  { name: 'points_issued', role: 'measure' as const, type: 'number' as const },
  { name: 'points_redeemed', role: 'measure' as const, type: 'number' as const },
];

describe('the points series', () => {
  it('has one bucket per day or hour of the range, zero where the report has no row', () => {
    const points = pointsSeries(
      { columns, rows: [{ period: '2026-03-05', points_issued: '1500', points_redeemed: 300 }] },
      week,
    );
    expect(points.map((p) => p.key)).toEqual(bucketKeys(week));
    expect(points).toHaveLength(7);
    expect(points.find((p) => p.key === '2026-03-05')).toEqual({ key: '2026-03-05', issued: 1500, redeemed: 300 });
    expect(points.filter((p) => p.issued === 0)).toHaveLength(6);
  });

  it('matches hour buckets written with a +0100 offset', () => {
    const points = pointsSeries(
      { columns, rows: [{ period: '2026-03-10T14:00:00+0100', points_issued: 5, points_redeemed: 0 }] },
      today,
    );
    expect(points).toHaveLength(24);
    expect(points.find((p) => p.issued === 5)?.key).toBe('2026-03-10T13:00:00.000Z');
  });
});

describe('the points chart option', () => {
  const points = pointsSeries(
    { columns, rows: [{ period: '2026-03-05', points_issued: 1500, points_redeemed: 300 }] },
    week,
  );

  it('feeds both series from one dataset, labelled in the locale, with an accessible description', () => {
    const option = pointsChartOption(points, 'day', f, 'light');
    expect(option.dataset).toMatchObject({ dimensions: ['bucket', 'issued', 'redeemed'] });
    expect((option.dataset as { source: unknown[][] }).source[1]).toEqual(['Mar 5', 1500, 300]);
    expect((option.series as { name: string; encode: object }[]).map((s) => [s.name, s.encode])).toEqual([
      ['Points issued', { x: 'bucket', y: 'issued' }],
      ['Points redeemed', { x: 'bucket', y: 'redeemed' }],
    ]);
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { description: 'Points issued and redeemed per day, Mar 4 to Mar 10: 1,500 issued, 300 redeemed in all.' },
    });
    expect(option.dataZoom).toEqual([{ type: 'inside' }]);
  });

  it('follows the colour scheme and adds a zoom slider to long series', () => {
    const ninety = resolveRange({ range: '90d', refresh: 'off' }, 'Europe/Paris', NOW);
    const long = pointsSeries({ columns, rows: [] }, ninety);
    expect(long.length).toBeGreaterThan(DENSE_SERIES);
    const option = pointsChartOption(long, 'day', f, 'dark');
    expect((option.series as { color: string; showSymbol: boolean }[])[0]).toMatchObject({
      color: CHART_PALETTES.dark.issued,
      showSymbol: false,
    });
    expect(option.dataZoom).toHaveLength(2);
    expect(option.backgroundColor).toBe('transparent');
  });
});

describe('top rewards', () => {
  it('leave out points redeemed without a reward and name what they can', () => {
    const rows = topRewards(
      {
        columns: [],
        rows: [
          { reward: '', redemptions: 9, points_redeemed: 900 },
          { reward: 'r-coffee', redemptions: 4, points_redeemed: 400 },
          { reward: 'r-cake-0001', redemptions: 2, points_redeemed: 500 },
        ],
      },
      new Map([['r-coffee', 'Free coffee']]),
      5,
    );
    expect(rows).toEqual([
      { rewardId: 'r-coffee', name: 'Free coffee', redemptions: 4, points: 400, share: 1 },
      { rewardId: 'r-cake-0001', name: 'Reward r-cake-0', redemptions: 2, points: 500, share: 0.5 },
    ]);
  });
});
