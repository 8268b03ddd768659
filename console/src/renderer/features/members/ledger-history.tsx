import { Badge, Loader, Table, Text } from '@mantine/core';
import type { Schemas } from '@loyalty/sdk';
import { useEffect, useRef } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import type { Formatters } from '../formatting/formatters.ts';
import { useMemberPostings } from './members-queries.ts';

type Posting = Schemas['Posting'];

const KIND_COLORS: Record<Posting['kind'], string> = {
  earn: 'teal',
  redeem: 'grape',
  adjust: 'orange',
  reverse: 'gray',
  expire: 'red',
};

/** The member's ledger, newest first; the next page loads when the end of the list scrolls into view. */
export function LedgerHistory({
  memberId,
  format,
  highlight,
}: {
  memberId: string;
  format: Formatters;
  highlight?: string;
}) {
  const postings = useMemberPostings(memberId, true);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = postings;

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (postings.error) return <ApiErrorAlert error={postings.error} />;
  if (!postings.data) return <Loader size="sm" aria-label="Loading the ledger" />;
  const rows = postings.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) return <Text c="dimmed">No ledger entries yet.</Text>;

  return (
    <>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Ledger history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => (
            <Table.Tr
              key={p.id}
              data-posting-id={p.id}
              data-new={p.id === highlight || undefined}
              className="ledger-row"
            >
              <Table.Td>{format.date(p.createdAt)}</Table.Td>
              <Table.Td>
                <Badge variant="dot" color={KIND_COLORS[p.kind]} size="sm" tt="none">
                  {p.kind}
                </Badge>
                {p.id === highlight && (
                  <Badge ml={6} size="sm" color="indigo">
                    new
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right" className="numeric">
                {format.signedPoints(p.points)}
              </Table.Td>
              <Table.Td>{p.reason ?? (p.orderId ? `Order ${p.orderId}` : '—')}</Table.Td>
              <Table.Td>{p.status}</Table.Td>
              <Table.Td>
                {p.actor.type === 'user' ? 'console user' : p.actor.type === 'api_key' ? 'API key' : 'system'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <div ref={sentinel} />
      {isFetchingNextPage && <Loader size="sm" aria-label="Loading more entries" />}
    </>
  );
}
