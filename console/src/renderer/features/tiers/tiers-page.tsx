import { Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { createTierBodySchema } from '@loyalty/shared';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { DangerRowButton, LoadMoreButton } from '../lists/list-controls.tsx';
import { ConfirmDialog } from '../confirm/confirm-dialog.tsx';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { formattersFor } from '../formatting/formatters.ts';
import { useProgram } from '../programs/programs-query.ts';
import { useSignedIn } from '../session/session.tsx';
import { TierDialog } from './tier-dialog.tsx';
import { tierPatchOf, type Tier } from './tier-form.ts';

// The program's tiers by threshold, with their multiplier and perks; roles with `tiers:write`
// create, edit and delete them.

const tierKeys = { list: (programId: string) => ['tiers', programId] as const };

export function TiersPage({ programId }: { programId: string }) {
  const { client, permissions } = useSignedIn();
  const program = useProgram(programId);
  const queryClient = useQueryClient();
  const format = useMemo(() => formattersFor(navigator.language, program?.timezone ?? 'UTC'), [program?.timezone]);
  const canWrite = permissions.can('tiers:write');
  const [editing, setEditing] = useState<{ tier?: Tier }>();
  const [deleting, setDeleting] = useState<Tier>();
  const opener = useRef<HTMLElement | null>(null);
  const refocus = () => opener.current?.focus();

  const list = useInfiniteQuery({
    queryKey: tierKeys.list(programId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.call(
        client.api.GET('/v1/programs/{programId}/tiers', {
          params: { path: { programId }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
  });
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: tierKeys.list(programId) });
    setEditing(undefined);
    setDeleting(undefined);
    refocus();
  };
  const save = useMutation({
    mutationFn: (values: z.output<typeof createTierBodySchema>) =>
      editing?.tier
        ? client.call(
            client.api.PATCH('/v1/tiers/{tierId}', {
              params: { path: { tierId: editing.tier.id } },
              body: tierPatchOf(editing.tier, values),
            }),
          )
        : client.call(
            client.api.POST('/v1/programs/{programId}/tiers', { params: { path: { programId } }, body: values }),
          ),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (tier: Tier) =>
      client.call(client.api.DELETE('/v1/tiers/{tierId}', { params: { path: { tierId: tier.id } } })),
    onSuccess: done,
  });

  const tiers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const open = (e: React.MouseEvent<HTMLElement>, tier?: Tier) => {
    opener.current = e.currentTarget;
    save.reset();
    setEditing({ tier });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Tiers
          </Title>
          <Text c="dimmed" size="sm">
            {program ? `${program.name} · members move up and down as their points change` : ' '}
          </Text>
        </div>
        {canWrite && <Button onClick={(e) => open(e)}>New tier</Button>}
      </Group>
      {list.error ? (
        <ApiErrorAlert error={list.error} />
      ) : !list.data ? (
        <Loader aria-label="Loading the tiers" />
      ) : tiers.length === 0 ? (
        <Card withBorder padding="xl">
          <Stack align="center" gap="xs">
            <Title order={2} size="h4">
              No tiers yet
            </Title>
            <Text c="dimmed" size="sm">
              Without tiers every member earns at the same rate.
            </Text>
          </Stack>
        </Card>
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Tiers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th ta="right">Threshold</Table.Th>
                <Table.Th ta="right">Multiplier</Table.Th>
                <Table.Th>Perks</Table.Th>
                {canWrite && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tiers.map((tier) => (
                <Table.Tr key={tier.id}>
                  <Table.Td fw={500}>{tier.name}</Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {format.points(tier.threshold)}
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    ×{tier.benefits.multiplier}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {(tier.benefits.perks ?? []).map((perk) => (
                        <Badge key={perk} variant="outline" color="gray" tt="none">
                          {perk}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td ta="right">
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          variant="subtle"
                          size="xs"
                          aria-label={`Edit ${tier.name}`}
                          onClick={(e) => open(e, tier)}
                        >
                          Edit
                        </Button>
                        <DangerRowButton
                          label="Delete"
                          ariaLabel={`Delete ${tier.name}`}
                          onClick={(e) => {
                            opener.current = e.currentTarget;
                            remove.reset();
                            setDeleting(tier);
                          }}
                        />
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <LoadMoreButton list={list} label="Load more tiers" />
      {canWrite && (
        <>
          <TierDialog
            open={editing !== undefined}
            tier={editing?.tier}
            pending={save.isPending}
            error={save.error}
            onSubmit={(values) => save.mutate(values)}
            onClose={() => {
              setEditing(undefined);
              refocus();
            }}
          />
          <ConfirmDialog
            open={deleting !== undefined}
            title="Delete the tier?"
            confirmLabel="Delete tier"
            pending={remove.isPending}
            error={remove.error}
            onConfirm={() => deleting && remove.mutate(deleting)}
            onClose={() => {
              setDeleting(undefined);
              refocus();
            }}
          >
            Members in <strong>{deleting?.name}</strong> move to the tier their points reach without it.
          </ConfirmDialog>
        </>
      )}
    </Stack>
  );
}
