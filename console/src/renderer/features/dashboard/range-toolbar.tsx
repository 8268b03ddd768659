import { ActionIcon, Button, Group, Select, TextInput, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import {
  RANGE_LABELS,
  REFRESH_INTERVALS,
  type DashboardSearch,
  type RangeKind,
  type RefreshInterval,
  type ResolvedRange,
} from './time-range.ts';
import { addDays } from './time-range.ts';

// Grafana's time controls: the range (presets, or two days), the time zone (the program's by
// default) and auto-refresh, off unless chosen. Every choice goes to the URL.

const REFRESH_LABELS: Record<RefreshInterval, string> = { off: 'Off', '30s': '30 s', '1m': '1 min', '5m': '5 min' };

function zoneChoices(programZone: string): string[] {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([programZone, browser, 'UTC', ...all])];
}

export function RangeToolbar({
  search,
  range,
  programZone,
  refreshing,
  onChange,
  onRefresh,
}: {
  search: DashboardSearch;
  range: ResolvedRange;
  programZone: string;
  refreshing: boolean;
  onChange: (next: Partial<DashboardSearch> & { range?: RangeKind }) => void;
  onRefresh: () => void;
}) {
  const zones = useMemo(() => zoneChoices(programZone), [programZone]);
  const [from, setFrom] = useState(search.from ?? range.fromDay);
  const [to, setTo] = useState(search.to ?? addDays(range.toDay, -1));
  const customValid = from !== '' && to !== '' && from <= to;

  return (
    <Group gap="xs" align="flex-end" wrap="wrap" role="group" aria-label="Time range and refresh">
      <Select
        label="Range"
        w={160}
        allowDeselect={false}
        value={search.range}
        data={Object.entries(RANGE_LABELS).map(([value, label]) => ({ value, label }))}
        onChange={(value) => {
          if (!value) return;
          if (value === 'custom') onChange({ range: 'custom', from, to });
          else onChange({ range: value as RangeKind, from: undefined, to: undefined });
        }}
      />
      {search.range === 'custom' && (
        <>
          <TextInput
            type="date"
            label="From"
            w={150}
            value={from}
            max={to}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label="To"
            w={150}
            value={to}
            min={from}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <Button variant="light" disabled={!customValid} onClick={() => onChange({ range: 'custom', from, to })}>
            Apply
          </Button>
        </>
      )}
      <Select
        label="Time zone"
        w={200}
        searchable
        allowDeselect={false}
        value={range.timeZone}
        data={zones}
        onChange={(tz) => tz && onChange({ tz: tz === programZone ? undefined : tz })}
      />
      <Select
        label="Auto-refresh"
        w={110}
        allowDeselect={false}
        value={search.refresh}
        data={Object.keys(REFRESH_INTERVALS).map((value) => ({
          value,
          label: REFRESH_LABELS[value as RefreshInterval],
        }))}
        onChange={(value) => value && onChange({ refresh: value as RefreshInterval })}
      />
      <Tooltip label="Refresh now">
        <ActionIcon variant="default" size={36} aria-label="Refresh now" loading={refreshing} onClick={onRefresh}>
          <span aria-hidden>↻</span>
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
