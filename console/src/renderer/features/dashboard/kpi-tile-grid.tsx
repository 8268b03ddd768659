import { Paper, SimpleGrid, Skeleton, Text, Tooltip } from '@mantine/core';
import type { DashboardFormatters } from './dashboard-formatters.ts';
import { tileText, type KpiTile, type Tone } from './kpi-tiles.ts';

// Shades that keep 4.5:1 for small text on the card, in either scheme.
const GOOD = 'light-dark(var(--mantine-color-teal-9), var(--mantine-color-teal-4))';
const BAD = 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-4))';
const TONE_COLORS: Record<Tone, string> = {
  'up-good': GOOD,
  'down-good': GOOD,
  'up-bad': BAD,
  'down-bad': BAD,
  flat: 'dimmed',
  none: 'dimmed',
};
const ARROWS: Partial<Record<Tone, string>> = { 'up-good': '▲', 'up-bad': '▲', 'down-good': '▼', 'down-bad': '▼' };

export function KpiTileGrid({
  tiles,
  format,
  previousLabel,
}: {
  tiles: KpiTile[] | undefined;
  format: DashboardFormatters;
  previousLabel: string;
}) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }} spacing="sm" aria-label="Key figures" role="list">
      {tiles
        ? tiles.map((tile) => {
            const text = tileText(tile, format);
            return (
              <Paper
                key={tile.id}
                withBorder
                p="md"
                radius="md"
                role="listitem"
                data-kpi={tile.id}
                className="kpi-tile"
              >
                <Text size="xs" tt="uppercase" fw={600} c="dimmed" lh={1.2}>
                  {tile.label}
                </Text>
                <Tooltip label={text.exact} openDelay={300}>
                  <Text
                    fz={28}
                    fw={650}
                    className="numeric"
                    mt={6}
                    lh={1.1}
                    data-testid={`kpi-${tile.id}`}
                    tabIndex={0}
                  >
                    {text.value}
                  </Text>
                </Tooltip>
                <Text size="xs" mt={8} c={TONE_COLORS[text.tone]} fw={text.delta ? 600 : 400} className="numeric">
                  {text.delta ? (
                    <>
                      <span aria-hidden>{ARROWS[text.tone] ?? ''} </span>
                      {text.delta}
                      <Text span c="dimmed" fw={400} size="xs">
                        {' '}
                        vs {text.previous} {previousLabel}
                      </Text>
                    </>
                  ) : (
                    <Text span c="dimmed" size="xs">
                      {tile.hint}
                    </Text>
                  )}
                </Text>
              </Paper>
            );
          })
        : Array.from({ length: 7 }, (_, i) => (
            <Skeleton key={i} h={104} radius="md" role="listitem" aria-label="Loading" />
          ))}
    </SimpleGrid>
  );
}
