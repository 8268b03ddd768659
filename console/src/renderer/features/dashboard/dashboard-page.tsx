import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title, useComputedColorScheme } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { useProgram } from '../programs/programs-query.ts';
import { useSignedIn } from '../session/session.tsx';
import { dashboardFormatters } from './dashboard-formatters.ts';
import { useCampaignParticipation, useKpis, usePointsSeries, useRefreshReports } from './dashboard-queries.ts';
import classes from './dashboard.module.css';
import { KpiTileGrid } from './kpi-tile-grid.tsx';
import { kpiTiles } from './kpi-tiles.ts';
import { LiveFeed } from './live-feed.tsx';
import { pointsSeries } from './points-series.ts';
import { RangeToolbar } from './range-toolbar.tsx';
import { addDays, previousRange, REFRESH_INTERVALS, resolveRange, type DashboardSearch } from './time-range.ts';
import { TopRewardsPanel } from './top-rewards-panel.tsx';

// The landing page of users who read reports: KPI tiles against the previous period, points
// issued vs redeemed over time, top rewards and the live feed of postings, over a range and time
// zone kept in the URL. Reports refresh on demand or on the chosen interval; the feed is live.

const PointsChart = lazy(() => import('./points-chart.tsx').then((m) => ({ default: m.PointsChart })));

export function DashboardPage({
  programId,
  search,
  onSearch,
}: {
  programId: string;
  search: DashboardSearch;
  onSearch: (next: Partial<DashboardSearch>) => void;
}) {
  const program = useProgram(programId);
  const { permissions } = useSignedIn();
  const scheme = useComputedColorScheme('light');
  const programZone = program?.timezone ?? 'UTC';
  const timeZone = search.tz ?? programZone;
  // "Now" moves on each refresh, so "today" follows midnight on a dashboard left open.
  const [now, setNow] = useState(() => new Date());
  const range = useMemo(() => resolveRange(search, timeZone, now), [search, timeZone, now]);
  const before = useMemo(() => previousRange(range), [range]);
  const format = useMemo(() => dashboardFormatters(navigator.language, timeZone), [timeZone]);

  const kpis = useKpis(programId, range);
  const previousKpis = useKpis(programId, before);
  const campaigns = useCampaignParticipation(programId, range);
  const previousCampaigns = useCampaignParticipation(programId, before);
  const series = usePointsSeries(programId, range);
  const refreshReports = useRefreshReports(programId);
  const refresh = () => {
    setNow(new Date());
    void refreshReports();
  };

  useEffect(() => {
    const every = REFRESH_INTERVALS[search.refresh];
    if (every === 0) return;
    const timer = setInterval(() => {
      setNow(new Date());
      void refreshReports();
    }, every);
    return () => clearInterval(timer);
  }, [search.refresh, refreshReports]);

  const tiles = kpis.data
    ? kpiTiles(
        kpis.data,
        previousKpis.data,
        campaigns.data ? { current: campaigns.data, previous: previousCampaigns.data } : undefined,
      )
    : undefined;
  const points = useMemo(() => (series.data ? pointsSeries(series.data, range) : undefined), [series.data, range]);
  const rangeText = `${format.day(range.fromDay)} – ${format.day(addDays(range.toDay, -1))}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <div>
          <Title order={1} size="h2">
            Dashboard
          </Title>
          <Text c="dimmed" size="sm">
            {program ? `${program.name} · ${rangeText} · ${timeZone}` : ' '}
          </Text>
        </div>
        <RangeToolbar
          key={`${search.range}|${search.from ?? ''}|${search.to ?? ''}`}
          search={search}
          range={range}
          programZone={programZone}
          refreshing={kpis.isFetching || series.isFetching}
          onChange={onSearch}
          onRefresh={refresh}
        />
      </Group>

      {kpis.error ? (
        <ApiErrorAlert error={kpis.error} />
      ) : (
        <KpiTileGrid
          tiles={tiles}
          format={format}
          previousLabel={`previous ${range.days === 1 ? 'day' : `${range.days} days`}`}
        />
      )}
      <Text size="xs" c="dimmed" mt={-8}>
        Key figures count whole UTC days; the chart and top rewards follow {timeZone}.
      </Text>

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>Points issued vs redeemed</Text>
          <Text size="xs" c="dimmed">
            per {range.grain}
          </Text>
        </Group>
        {series.error ? (
          <ApiErrorAlert error={series.error} />
        ) : !points ? (
          <Skeleton h={300} role="status" aria-label="Loading the chart" />
        ) : points.every((p) => p.issued === 0 && p.redeemed === 0) ? (
          <Text c="dimmed" size="sm" h={300} pt="xl" ta="center">
            No points were issued or redeemed in this range.
          </Text>
        ) : (
          <Suspense fallback={<Skeleton h={300} role="status" aria-label="Loading the chart" />}>
            <PointsChart points={points} grain={range.grain} format={format} scheme={scheme} />
          </Suspense>
        )}
      </Paper>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Paper withBorder radius="md" p="md" className={classes.panel}>
          <Text fw={600} mb="xs">
            Top rewards
          </Text>
          <TopRewardsPanel
            programId={programId}
            range={range}
            format={format}
            canReadRewards={permissions.can('rewards:read')}
          />
        </Paper>
        <Paper withBorder radius="md" p="md" className={classes.panel}>
          {permissions.can('points:read') ? (
            <LiveFeed programId={programId} format={format} />
          ) : (
            <Text c="dimmed" size="sm">
              The live transactions feed needs the points:read permission.
            </Text>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
