import { useMemo } from 'react';
import type { DashboardFormatters } from './dashboard-formatters.ts';
import { EChart } from './echart.tsx';
import { pointsChartOption } from './points-chart-option.ts';
import type { SeriesPoint } from './points-series.ts';
import type { Grain } from './time-range.ts';

// The chart chunk's entry: screens import it with import(), so echarts loads only when drawn.

export function PointsChart({
  points,
  grain,
  format,
  scheme,
}: {
  points: SeriesPoint[];
  grain: Grain;
  format: DashboardFormatters;
  scheme: 'light' | 'dark';
}) {
  const option = useMemo(() => pointsChartOption(points, grain, format, scheme), [points, grain, format, scheme]);
  return <EChart option={option} scheme={scheme} height={300} label="Points issued and redeemed over time" />;
}
