import type { DashboardFormatters } from './dashboard-formatters.ts';
import type { ChartOption } from './echarts-registry.ts';
import type { SeriesPoint } from './points-series.ts';
import type { Grain } from './time-range.ts';

// The option of the "points issued vs redeemed" chart, a pure function of the data, the
// formatters and the colour scheme (no DOM; echarts is imported for its types only, so this file
// stays out of the chart chunk's way). One dataset feeds both series; long ranges get lttb
// sampling and a zoom slider; aria writes a description screen readers can read.

export interface ChartPalette {
  issued: string;
  redeemed: string;
  text: string;
  grid: string;
}

export const CHART_PALETTES: Record<'light' | 'dark', ChartPalette> = {
  // Mantine's teal-7 and indigo-6 on white, teal-4 and indigo-3 on dark-7: each above 3:1.
  light: { issued: '#0ca678', redeemed: '#4c6ef5', text: '#495057', grid: '#e9ecef' },
  dark: { issued: '#38d9a9', redeemed: '#91a7ff', text: '#c9c9c9', grid: '#373a40' },
};

/** Above this many buckets, a zoom slider and no point symbols. */
export const DENSE_SERIES = 60;

export function pointsChartOption(
  points: readonly SeriesPoint[],
  grain: Grain,
  format: DashboardFormatters,
  scheme: 'light' | 'dark',
): ChartOption {
  const palette = CHART_PALETTES[scheme];
  const total = (y: 'issued' | 'redeemed') => points.reduce((sum, p) => sum + p[y], 0);
  const dense = points.length > DENSE_SERIES;
  const line = (name: string, y: 'issued' | 'redeemed', color: string) => ({
    type: 'line' as const,
    name,
    encode: { x: 'bucket', y },
    color,
    showSymbol: !dense,
    symbolSize: 5,
    sampling: 'lttb' as const,
    lineStyle: { width: 2 },
    areaStyle: { opacity: scheme === 'dark' ? 0.12 : 0.08 },
    emphasis: { focus: 'series' as const },
  });
  return {
    backgroundColor: 'transparent',
    aria: { enabled: true, label: { description: chartDescription(points, grain, format, total) } },
    animationDuration: 300,
    // A new range redraws at once: morphing one range's axis into another's mixes their labels.
    animationDurationUpdate: 0,
    textStyle: { color: palette.text },
    dataset: {
      dimensions: ['bucket', 'issued', 'redeemed'],
      source: points.map((p) => [format.bucket(p.key, grain), p.issued, p.redeemed]),
    },
    grid: { left: 8, right: 16, top: 40, bottom: dense ? 56 : 16, containLabel: true },
    legend: { top: 0, left: 0, icon: 'roundRect', textStyle: { color: palette.text } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? format.full(v) : String(v ?? '')) },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      axisLine: { lineStyle: { color: palette.grid } },
      axisTick: { show: false },
      axisLabel: { color: palette.text, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      splitLine: { lineStyle: { color: palette.grid } },
      axisLabel: { color: palette.text, formatter: (v: number) => format.compact(v) },
    },
    dataZoom: dense ? [{ type: 'inside' }, { type: 'slider', height: 24, bottom: 8 }] : [{ type: 'inside' }],
    series: [line('Points issued', 'issued', palette.issued), line('Points redeemed', 'redeemed', palette.redeemed)],
  };
}

function chartDescription(
  points: readonly SeriesPoint[],
  grain: Grain,
  format: DashboardFormatters,
  total: (y: 'issued' | 'redeemed') => number,
): string {
  if (points.length === 0) return 'Points issued and redeemed: no data in this range.';
  const first = format.bucket(points[0]!.key, grain);
  const last = format.bucket(points.at(-1)!.key, grain);
  return `Points issued and redeemed per ${grain}, ${first} to ${last}: ${format.full(total('issued'))} issued, ${format.full(total('redeemed'))} redeemed in all.`;
}
