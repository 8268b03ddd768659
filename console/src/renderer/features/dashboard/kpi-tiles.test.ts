import { describe, expect, it } from 'vitest';
import { dashboardFormatters } from './dashboard-formatters.ts';
import { kpiTiles, tileText, type Kpis } from './kpi-tiles.ts';

const f = dashboardFormatters('en-US', 'UTC');
const kpis = (over: Partial<Kpis> = {}): Kpis => ({
  totalMembers: 1234,
  activeMembers: 200,
  pointsIssued: 15_300,
  pointsRedeemed: 3_060,
  pointsExpired: 0,
  redemptionRate: 0.2,
  postings: 400,
  redemptions: 30,
  ...over,
});
const text = (tiles: ReturnType<typeof kpiTiles>, id: string) =>
  tileText(
    tiles.find((t) => t.id === id)!,
    f,
  );

describe('KPI tiles', () => {
  it('show compact figures with the change against the previous period', () => {
    const tiles = kpiTiles(
      kpis(),
      kpis({ pointsIssued: 10_200, activeMembers: 250, pointsExpired: 500, redemptionRate: 0.15 }),
    );
    expect(tiles.map((t) => t.id)).toEqual(['members', 'active', 'issued', 'redeemed', 'expired', 'rate']);
    expect(text(tiles, 'issued')).toMatchObject({
      value: '15.3K',
      exact: '15,300',
      previous: '10.2K',
      delta: '+50%',
      tone: 'up-good',
    });
    expect(text(tiles, 'active')).toMatchObject({ delta: '-20%', tone: 'down-bad' });
    // Fewer points expiring is good news.
    expect(text(tiles, 'expired')).toMatchObject({ delta: '-100%', tone: 'down-good' });
    // A rate moves by percentage points.
    expect(text(tiles, 'rate')).toMatchObject({ value: '20%', delta: '+5 pp', tone: 'up-good' });
    expect(text(tiles, 'redeemed')).toMatchObject({ delta: '0%', tone: 'flat' });
  });

  it('compare no members figure (it is counted now), and say "new" after a period of nothing', () => {
    const tiles = kpiTiles(kpis(), kpis({ pointsIssued: 0, redemptionRate: null }));
    expect(text(tiles, 'members')).toMatchObject({ value: '1.2K', previous: null, delta: null });
    expect(text(tiles, 'issued')).toMatchObject({ previous: '0', delta: 'new' });
    expect(text(tiles, 'rate')).toMatchObject({ previous: '—', delta: null, tone: 'none' });
  });

  it('add campaign participation when the campaign report answered', () => {
    const report = (participationRate: number | null) => ({
      data: [],
      activeMembers: 10,
      campaignParticipants: 4,
      participationRate,
    });
    const tiles = kpiTiles(kpis(), undefined, { current: report(0.4), previous: report(0.5) });
    expect(text(tiles, 'campaigns')).toMatchObject({ value: '40%', delta: '-10 pp', tone: 'down-bad' });
    expect(text(tiles, 'issued')).toMatchObject({ previous: '—', delta: null });
  });
});
