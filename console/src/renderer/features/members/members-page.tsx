import { Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { formattersFor } from '../formatting/formatters.ts';
import { useProgram } from '../programs/programs-query.ts';
import { memberColumns } from './member-columns.ts';
import { MemberSearch } from './member-search.tsx';
import { MembersGrid } from './members-grid.tsx';
import { useMemberList } from './members-queries.ts';

export function MembersPage({ programId }: { programId: string }) {
  const program = useProgram(programId);
  const list = useMemberList(programId);
  const navigate = useNavigate();
  const timeZone = program?.timezone ?? 'UTC';
  const columns = useMemo(() => memberColumns(formattersFor(navigator.language, timeZone)), [timeZone]);
  const members = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  return (
    <Stack gap="lg" h="calc(100vh - 56px - 2 * var(--mantine-spacing-lg))">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Members
          </Title>
          <Text c="dimmed" size="sm">
            {program ? `${program.name} · dates in ${timeZone}` : ' '}
          </Text>
        </div>
      </Group>
      <MemberSearch programId={programId} />
      {list.error ? (
        <ApiErrorAlert error={list.error} />
      ) : (
        <div style={{ flex: 1, minHeight: 0 }}>
          <MembersGrid
            members={members}
            columns={columns}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetching}
            loadMore={() => void list.fetchNextPage()}
            open={(m) =>
              void navigate({ to: '/programs/$programId/members/$memberId', params: { programId, memberId: m.id } })
            }
          />
        </div>
      )}
    </Stack>
  );
}
