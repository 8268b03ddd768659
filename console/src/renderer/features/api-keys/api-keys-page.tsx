import { Badge, Button, Card, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { DangerRowButton, LoadMoreButton } from '../lists/list-controls.tsx';
import { ConfirmDialog } from '../confirm/confirm-dialog.tsx';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { formattersFor } from '../formatting/formatters.ts';
import { useProgram } from '../programs/programs-query.ts';
import { useSignedIn } from '../session/session.tsx';
import { ApiKeySecretDialog, CreateApiKeyDialog } from './api-key-dialogs.tsx';
import { apiKeyBodyOf, keyStatusOf, type ApiKey, type apiKeyFormSchema, type KeyStatus } from './api-key-form.ts';

// The tenant's API keys, newest first. A new key's secret is shown once, in its own dialog;
// revoking asks first. Only roles with `api_keys:write` are offered either.

const apiKeyKeys = { list: (tenantId: string) => ['api-keys', tenantId] as const };
const PAGE_SIZE = 25;
const STATUS_COLORS: Record<KeyStatus, string> = {
  active: 'teal',
  'expires soon': 'yellow',
  expired: 'gray',
  revoked: 'red',
};

export function ApiKeysPage({ programId }: { programId: string }) {
  const { client, claims, permissions } = useSignedIn();
  const program = useProgram(programId);
  const queryClient = useQueryClient();
  const format = useMemo(() => formattersFor(navigator.language, program?.timezone ?? 'UTC'), [program?.timezone]);
  const canWrite = permissions.can('api_keys:write');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const [revoking, setRevoking] = useState<ApiKey>();
  const opener = useRef<HTMLElement | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  const list = useInfiniteQuery({
    queryKey: apiKeyKeys.list(claims.tenantId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.call(
        client.api.GET('/v1/api-keys', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
  });
  const create = useMutation({
    mutationFn: (values: z.output<typeof apiKeyFormSchema>) =>
      client.call(client.api.POST('/v1/api-keys', { body: apiKeyBodyOf(values) })),
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: apiKeyKeys.list(claims.tenantId) });
      setCreating(false);
      if (key.secret) setCreated({ name: key.name, secret: key.secret });
    },
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) =>
      client.call(client.api.POST('/v1/api-keys/{apiKeyId}/revoke', { params: { path: { apiKeyId: key.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: apiKeyKeys.list(claims.tenantId) });
      setRevoking(undefined);
      opener.current?.focus();
    },
  });

  const keys = list.data?.pages.flatMap((p) => p.data) ?? [];
  const now = new Date();

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            API keys
          </Title>
          <Text c="dimmed" size="sm">
            Keys of the whole workspace, newest first. A key never does more than the person who made it.
          </Text>
        </div>
        {canWrite && (
          <Button
            ref={createButton}
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            Create API key
          </Button>
        )}
      </Group>
      {list.error ? (
        <ApiErrorAlert error={list.error} />
      ) : !list.data ? (
        <Loader aria-label="Loading the API keys" />
      ) : keys.length === 0 ? (
        <Card withBorder padding="xl">
          <Stack align="center" gap="xs">
            <Title order={2} size="h4">
              No API keys yet
            </Title>
            <Text c="dimmed" size="sm">
              Servers (a shop, a point of sale) call the API with a key.
            </Text>
          </Stack>
        </Card>
      ) : (
        <Card withBorder padding={0}>
          {/* Cells keep to one line; a narrow window scrolls the table instead of clipping its status and actions. */}
          <Table.ScrollContainer minWidth={1000} type="native">
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="API keys" className="nowrap-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {canWrite && <Table.Th aria-label="Actions" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.map((key) => {
                  const status = keyStatusOf(key, now);
                  return (
                    <Table.Tr key={key.id} data-key-id={key.id}>
                      <Table.Td fw={500}>{key.name}</Table.Td>
                      <Table.Td>
                        <Code>{key.prefix}…</Code>
                      </Table.Td>
                      <Table.Td className="wrap-cell">
                        <Text size="sm" title={key.scopes.join(', ')}>
                          {key.scopes.length <= 2 ? key.scopes.join(', ') : `${key.scopes.length} scopes`}
                        </Text>
                      </Table.Td>
                      <Table.Td>{format.date(key.createdAt, 'date')}</Table.Td>
                      <Table.Td>{key.lastUsedAt ? format.date(key.lastUsedAt) : 'never'}</Table.Td>
                      <Table.Td>{key.expiresAt ? format.date(key.expiresAt, 'date') : '—'}</Table.Td>
                      <Table.Td>
                        <Badge variant="dot" color={STATUS_COLORS[status]} tt="none">
                          {status}
                        </Badge>
                      </Table.Td>
                      {canWrite && (
                        <Table.Td ta="right">
                          {status !== 'revoked' && (
                            <DangerRowButton
                              label="Revoke"
                              ariaLabel={`Revoke ${key.name}`}
                              onClick={(e) => {
                                opener.current = e.currentTarget;
                                revoke.reset();
                                setRevoking(key);
                              }}
                            />
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <LoadMoreButton list={list} label="Load more keys" />
      {canWrite && (
        <>
          <CreateApiKeyDialog
            open={creating}
            pending={create.isPending}
            error={create.error}
            onSubmit={(values) => create.mutate(values)}
            onClose={() => {
              setCreating(false);
              if (!created) createButton.current?.focus();
            }}
          />
          <ApiKeySecretDialog
            secret={created?.secret}
            name={created?.name ?? ''}
            onClose={() => {
              setCreated(undefined);
              createButton.current?.focus();
            }}
          />
          <ConfirmDialog
            open={revoking !== undefined}
            title="Revoke the API key?"
            confirmLabel="Revoke key"
            pending={revoke.isPending}
            error={revoke.error}
            onConfirm={() => revoking && revoke.mutate(revoking)}
            onClose={() => {
              setRevoking(undefined);
              opener.current?.focus();
            }}
          >
            Calls with <strong>{revoking?.name}</strong> ({revoking?.prefix}…), and with keys it created, are refused at
            once. This cannot be undone.
          </ConfirmDialog>
        </>
      )}
    </Stack>
  );
}
