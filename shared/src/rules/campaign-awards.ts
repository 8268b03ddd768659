import type { PointsBreakdown } from './breakdown-schema.ts';

/**
 * What each campaign actually gave once the program cap took its share: the cap takes from
 * campaign bonuses first, the last campaign line first (calculate.ts). This is what a
 * campaign's budget and the member's participation should record. Campaigns cut to zero are
 * listed with 0 points: they still matched the purchase.
 */
export function campaignAwards(breakdown: PointsBreakdown): { campaignId: string; points: number }[] {
  const awards: { campaignId: string; points: number }[] = [];
  for (const line of breakdown.lines)
    if (line.source === 'campaign') awards.push({ campaignId: line.campaignId, points: line.points });
  let cut = awards.reduce((sum, a) => sum + a.points, 0) - breakdown.campaignBonus;
  for (let i = awards.length - 1; i >= 0 && cut > 0; i--) {
    const take = Math.min(cut, awards[i]!.points);
    awards[i]!.points -= take;
    cut -= take;
  }
  return awards;
}
