import { Anchor, Badge, Group, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import type { Schemas } from '@loyalty/sdk';
import { useEffect, useRef } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import type { DashboardFormatters } from './dashboard-formatters.ts';
import { FEED_POLL_MS, useLiveFeed } from './dashboard-queries.ts';
import classes from './dashboard.module.css';

// The program's newest postings, polled once a second from the ledger (Postgres, not the
// analytics store, so a posting shows as soon as it commits). Rows that arrive after the first
// load are marked new; a polite live region announces how many arrived.

type Posting = Schemas['Posting'];

const KIND_COLORS: Record<Posting['kind'], string> = {
  earn: 'teal',
  redeem: 'grape',
  adjust: 'orange',
  reverse: 'gray',
  expire: 'red',
};

export function LiveFeed({ programId, format }: { programId: string; format: DashboardFormatters }) {
  const feed = useLiveFeed(programId, true);
  const seen = useRef<Set<string> | null>(null);
  const rows = feed.data?.data;
  const fresh = new Set<string>();
  if (rows) {
    if (seen.current) for (const p of rows) if (!seen.current.has(p.id)) fresh.add(p.id);
  }
  useEffect(() => {
    if (!rows) return;
    seen.current ??= new Set();
    const known = seen.current;
    const timer = setTimeout(() => rows.forEach((p) => known.add(p.id)), 5_000);
    if (known.size === 0) rows.forEach((p) => known.add(p.id));
    return () => clearTimeout(timer);
  }, [rows]);

  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Live transactions</Text>
        <Group gap={6}>
          <span className={feed.isError ? `${classes.liveDot} ${classes.liveDotOff}` : classes.liveDot} aria-hidden />
          <Text size="xs" c="dimmed">
            {feed.isError ? 'Paused' : `Live · every ${FEED_POLL_MS / 1000} s`}
          </Text>
        </Group>
      </Group>
      {feed.error && !rows ? (
        <ApiErrorAlert error={feed.error} />
      ) : !rows ? (
        <Skeleton h={200} role="status" aria-label="Loading transactions" />
      ) : rows.length === 0 ? (
        <Text c="dimmed" size="sm" py="md">
          No postings yet. New earns, redemptions and adjustments appear here as they happen.
        </Text>
      ) : (
        <Table verticalSpacing={5} aria-label="Live transactions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Member</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">Points</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr
                key={p.id}
                data-posting-id={p.id}
                data-new={fresh.has(p.id) || undefined}
                className={classes.feedRow}
              >
                <Table.Td className="numeric">{format.time(p.createdAt)}</Table.Td>
                <Table.Td>
                  <Anchor href={`#/programs/${programId}/members/${p.memberId}`} size="sm" ff="monospace">
                    {p.memberId.slice(0, 8)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={KIND_COLORS[p.kind]} size="sm" tt="none">
                    {p.kind}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" className="numeric" fw={500}>
                  {p.points > 0 ? '+' : '−'}
                  {format.full(Math.abs(p.points))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <VisuallyHidden aria-live="polite">
        {fresh.size > 0 ? `${fresh.size} new ${fresh.size === 1 ? 'posting' : 'postings'}` : ''}
      </VisuallyHidden>
    </div>
  );
}
