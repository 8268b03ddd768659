import { Anchor, Badge, Button, Card, Group, Loader, Stack, Switch, Table, Text, Title } from '@mantine/core';
import type { Condition } from '@loyalty/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { DangerRowButton, LoadMoreButton } from '../lists/list-controls.tsx';
import { ConfirmDialog } from '../confirm/confirm-dialog.tsx';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { formattersFor } from '../formatting/formatters.ts';
import { useProgram } from '../programs/programs-query.ts';
import { useSignedIn } from '../session/session.tsx';
import { describeCondition } from './condition-tree.ts';
import { describeKind, type PointsRule } from './rule-form.ts';
import { ruleKeys, useRuleList } from './rules-queries.ts';

// The program's rules in the order they run. Roles with `rules:write` switch a rule on or off
// in place, open it in the editor, or delete it after a confirmation.

export function RulesPage({ programId }: { programId: string }) {
  const { client, permissions } = useSignedIn();
  const program = useProgram(programId);
  const list = useRuleList(programId);
  const queryClient = useQueryClient();
  const format = useMemo(() => formattersFor(navigator.language, program?.timezone ?? 'UTC'), [program?.timezone]);
  const canWrite = permissions.can('rules:write');
  const [deleting, setDeleting] = useState<PointsRule>();
  const opener = useRef<HTMLElement | null>(null);

  const toggle = useMutation({
    mutationFn: (rule: PointsRule) =>
      client.call(
        client.api.PATCH('/v1/rules/{ruleId}', {
          params: { path: { ruleId: rule.id } },
          body: { active: !rule.active },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ruleKeys.list(programId) }),
  });
  const remove = useMutation({
    mutationFn: (rule: PointsRule) =>
      client.call(client.api.DELETE('/v1/rules/{ruleId}', { params: { path: { ruleId: rule.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ruleKeys.list(programId) });
      setDeleting(undefined);
    },
  });

  const rules = list.data?.pages.flatMap((p) => p.data) ?? [];
  const editorHref = (id: string) => `#/programs/${programId}/rules/${id}`;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Points rules
          </Title>
          <Text c="dimmed" size="sm">
            {program ? `${program.name} · rules run top-down: lower priority first` : ' '}
          </Text>
        </div>
        {canWrite && (
          <Button component="a" href={editorHref('new')}>
            New rule
          </Button>
        )}
      </Group>
      {toggle.error && <ApiErrorAlert error={toggle.error} />}
      {list.error ? (
        <ApiErrorAlert error={list.error} />
      ) : !list.data ? (
        <Loader aria-label="Loading the rules" />
      ) : rules.length === 0 ? (
        <Card withBorder padding="xl">
          <Stack align="center" gap="xs">
            <Title order={2} size="h4">
              No rules yet
            </Title>
            <Text c="dimmed" size="sm">
              Purchases earn no points until a rule applies to them.
            </Text>
          </Stack>
        </Card>
      ) : (
        <Card withBorder padding={0}>
          <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label="Points rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right">Priority</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Gives</Table.Th>
                <Table.Th>Stacking</Table.Th>
                <Table.Th>Condition</Table.Th>
                <Table.Th>Active</Table.Th>
                {canWrite && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((rule) => (
                <Table.Tr key={rule.id} data-rule-id={rule.id}>
                  <Table.Td ta="right" className="numeric">
                    {format.points(rule.priority)}
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={editorHref(rule.id)} fw={500}>
                      {rule.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{describeKind(rule.kind, format.points)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray" tt="none">
                      {rule.stacking.replace('_', ' ')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{describeCondition(rule.condition as Condition | undefined)}</Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`${rule.name} active`}
                      checked={rule.active}
                      disabled={!canWrite || toggle.isPending}
                      onChange={() => toggle.mutate(rule)}
                    />
                  </Table.Td>
                  {canWrite && (
                    <Table.Td ta="right">
                      <DangerRowButton
                        label="Delete"
                        ariaLabel={`Delete ${rule.name}`}
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          remove.reset();
                          setDeleting(rule);
                        }}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <LoadMoreButton list={list} label="Load more rules" />
      {canWrite && (
        <ConfirmDialog
          open={deleting !== undefined}
          title="Delete the rule?"
          confirmLabel="Delete rule"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => deleting && remove.mutate(deleting)}
          onClose={() => {
            setDeleting(undefined);
            opener.current?.focus();
          }}
        >
          <strong>{deleting?.name}</strong> stops applying to purchases at once. Orders already recorded keep their
          points.
        </ConfirmDialog>
      )}
    </Stack>
  );
}
