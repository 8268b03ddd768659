import type { Schemas } from '@loyalty/sdk';
import type { DashboardFormatters } from './dashboard-formatters.ts';

// The KPI tiles: each figure of the range beside the same figure over the period before it
// (PostHog's compare tile). Counts change by a ratio; a rate changes by percentage points, since
// "+20%" of a 5% rate reads as 25%. Whether a rise is good decides the delta's colour only.

export type Kpis = Schemas['Kpis'];
export type CampaignReport = Schemas['CampaignPerformance'];

export type TileKind = 'count' | 'rate';
export type Tone = 'up-good' | 'down-bad' | 'up-bad' | 'down-good' | 'flat' | 'none';

export interface KpiTile {
  id: string;
  label: string;
  kind: TileKind;
  value: number | null;
  /** Null when the figure has no previous period (members enrolled now) or it is unknown. */
  previous: number | null;
  /** A rise is good news (points issued) or not (points expired). */
  upIsGood: boolean;
  hint: string;
}

export interface TileText {
  value: string;
  /** Exact figure, for the tooltip and screen readers. */
  exact: string;
  previous: string | null;
  delta: string | null;
  tone: Tone;
}

interface Figure {
  id: string;
  label: string;
  kind: TileKind;
  upIsGood: boolean;
  hint: string;
  read(k: Kpis): number | null;
}

const FIGURES: readonly Figure[] = [
  { id: 'members', label: 'Members', kind: 'count', upIsGood: true, hint: 'enrolled now', read: (k) => k.totalMembers },
  {
    id: 'active',
    label: 'Active members',
    kind: 'count',
    upIsGood: true,
    hint: 'with a posting',
    read: (k) => k.activeMembers,
  },
  {
    id: 'issued',
    label: 'Points issued',
    kind: 'count',
    upIsGood: true,
    hint: 'earned and credited',
    read: (k) => k.pointsIssued,
  },
  {
    id: 'redeemed',
    label: 'Points redeemed',
    kind: 'count',
    upIsGood: true,
    hint: 'spent by members',
    read: (k) => k.pointsRedeemed,
  },
  {
    id: 'expired',
    label: 'Points expired',
    kind: 'count',
    upIsGood: false,
    hint: 'lapsed unused',
    read: (k) => k.pointsExpired,
  },
  {
    id: 'rate',
    label: 'Redemption rate',
    kind: 'rate',
    upIsGood: true,
    hint: 'redeemed ÷ issued',
    read: (k) => k.redemptionRate,
  },
];

export function kpiTiles(
  current: Kpis,
  previous: Kpis | undefined,
  campaigns?: { current: CampaignReport; previous: CampaignReport | undefined },
): KpiTile[] {
  const tiles = FIGURES.map((f) => ({
    id: f.id,
    label: f.label,
    kind: f.kind,
    upIsGood: f.upIsGood,
    hint: f.hint,
    value: f.read(current),
    // Members are counted now, not per range: there is no earlier figure to compare with.
    previous: f.id === 'members' || !previous ? null : f.read(previous),
  }));
  if (campaigns) {
    tiles.push({
      id: 'campaigns',
      label: 'Campaign participation',
      kind: 'rate',
      upIsGood: true,
      hint: 'of ordering members got a bonus',
      value: campaigns.current.participationRate,
      previous: campaigns.previous?.participationRate ?? null,
    });
  }
  return tiles;
}

function toneOf(tile: KpiTile, difference: number): Tone {
  if (difference === 0) return 'flat';
  if (difference > 0) return tile.upIsGood ? 'up-good' : 'up-bad';
  return tile.upIsGood ? 'down-bad' : 'down-good';
}

export function tileText(tile: KpiTile, f: DashboardFormatters): TileText {
  const show = (v: number | null) => (v === null ? '—' : tile.kind === 'rate' ? f.percent(v) : f.compact(v));
  const exact = tile.value === null ? 'no data' : tile.kind === 'rate' ? f.percent(tile.value) : f.full(tile.value);
  const base = { value: show(tile.value), exact };
  if (tile.id === 'members') return { ...base, previous: null, delta: null, tone: 'none' };
  const previous = show(tile.previous);
  if (tile.value === null || tile.previous === null) return { ...base, previous, delta: null, tone: 'none' };
  const difference = tile.value - tile.previous;
  if (tile.kind === 'rate') return { ...base, previous, delta: f.points(difference), tone: toneOf(tile, difference) };
  if (tile.previous === 0)
    return { ...base, previous, delta: tile.value === 0 ? '±0' : 'new', tone: toneOf(tile, difference) };
  return { ...base, previous, delta: f.change(difference / tile.previous), tone: toneOf(tile, difference) };
}
