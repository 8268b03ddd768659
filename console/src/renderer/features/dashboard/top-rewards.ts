import type { ReportResult } from './points-series.ts';

// Top rewards from the report API's `reward` dimension (metadata.rewardId of redeem postings).
// Points redeemed without a reward share the empty key: they are not a reward, so left out.

export interface TopReward {
  rewardId: string;
  name: string;
  redemptions: number;
  points: number;
  /** Redemptions relative to the first row, 0..1, for the bar. */
  share: number;
}

export function topRewards(
  result: ReportResult,
  names: ReadonlyMap<string, string> | undefined,
  limit: number,
): TopReward[] {
  const rows = result.rows
    .filter((r) => typeof r.reward === 'string' && r.reward !== '')
    .slice(0, limit)
    .map((r) => ({
      rewardId: String(r.reward),
      name: names?.get(String(r.reward)) ?? `Reward ${String(r.reward).slice(0, 8)}`,
      redemptions: Number(r.redemptions ?? 0),
      points: Number(r.points_redeemed ?? 0),
    }));
  const most = Math.max(1, ...rows.map((r) => r.redemptions));
  return rows.map((r) => ({ ...r, share: r.redemptions / most }));
}
