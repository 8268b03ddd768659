import { Progress, Skeleton, Table, Text } from '@mantine/core';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import type { DashboardFormatters } from './dashboard-formatters.ts';
import { TOP_REWARDS, useRewardNames, useTopRewards } from './dashboard-queries.ts';
import type { ResolvedRange } from './time-range.ts';
import { topRewards } from './top-rewards.ts';

export function TopRewardsPanel({
  programId,
  range,
  format,
  canReadRewards,
}: {
  programId: string;
  range: ResolvedRange;
  format: DashboardFormatters;
  canReadRewards: boolean;
}) {
  const report = useTopRewards(programId, range);
  const names = useRewardNames(programId, canReadRewards);
  if (report.error) return <ApiErrorAlert error={report.error} />;
  if (!report.data) return <Skeleton h={180} role="status" aria-label="Loading top rewards" />;
  const rows = topRewards(report.data, names.data, TOP_REWARDS);
  if (rows.length === 0)
    return (
      <Text c="dimmed" size="sm" py="md">
        No reward was redeemed in this range.
      </Text>
    );
  return (
    <Table verticalSpacing={6} aria-label="Top rewards">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Reward</Table.Th>
          <Table.Th ta="right">Redemptions</Table.Th>
          <Table.Th ta="right">Points</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.rewardId}>
            <Table.Td>
              <Text size="sm" fw={500} lineClamp={1}>
                {r.name}
              </Text>
              <Progress value={r.share * 100} size={4} mt={4} color="grape" aria-hidden />
            </Table.Td>
            <Table.Td ta="right" className="numeric">
              {format.full(r.redemptions)}
            </Table.Td>
            <Table.Td ta="right" className="numeric">
              {format.full(r.points)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
