import {
  Alert,
  Autocomplete,
  Badge,
  Card,
  Group,
  Loader,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { LoyaltyApiError } from '@loyalty/sdk';
import { simulateTransactionBodySchema } from '@loyalty/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import type { Formatters } from '../formatting/formatters.ts';
import { useMemberList } from '../members/members-queries.ts';
import { useSignedIn } from '../session/session.tsx';
import { ruleKeys } from './rules-queries.ts';
import { localDateTimeOf, simulateBodyOf, SKIP_REASON_TEXT, type SimulationSample } from './simulation-sample.ts';

// What a sample purchase would earn, from POST .../transactions/simulate (nothing is posted).
// The endpoint evaluates the program's SAVED rules, tier and campaigns: it takes no draft rule,
// so unsaved edits show only after saving, and the pane says so. It re-runs (debounced) as the
// sample changes, and after every save (its query lives under the program's rules key).

export interface SimulatePaneProps {
  programId: string;
  currency: string;
  format: Formatters;
  /** The rule being edited: its line is highlighted. */
  ruleId: string | undefined;
  unsaved: boolean;
}

function SampleForm({
  sample,
  set,
  errorAt,
  memberOptions,
}: {
  sample: SimulationSample;
  set(patch: Partial<SimulationSample>): void;
  errorAt(path: string): string | undefined;
  memberOptions: string[];
}) {
  const text = (key: 'category' | 'channel' | 'store' | 'sku', label: string) => (
    <TextInput
      label={label}
      size="xs"
      value={sample[key]}
      error={errorAt(`purchase.${key}`)}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
    />
  );
  return (
    <Stack gap="xs">
      <Autocomplete
        label="Member (external id)"
        size="xs"
        data={memberOptions}
        value={sample.memberExternalId}
        error={errorAt('memberExternalId') ?? errorAt('memberId')}
        onChange={(v) => set({ memberExternalId: v })}
      />
      <SimpleGrid cols={2} spacing="xs">
        <NumberInput
          label="Amount (minor units)"
          size="xs"
          allowDecimal={false}
          thousandSeparator
          value={sample.amount ?? ''}
          error={errorAt('purchase.amount')}
          onChange={(v) => set({ amount: typeof v === 'number' ? v : undefined })}
        />
        <TextInput
          label="Currency"
          size="xs"
          value={sample.currency}
          error={errorAt('purchase.currency')}
          onChange={(e) => set({ currency: e.currentTarget.value })}
        />
        <TextInput
          label="Occurred at"
          size="xs"
          type="datetime-local"
          value={sample.occurredAt}
          error={errorAt('purchase.occurredAt')}
          onChange={(e) => set({ occurredAt: e.currentTarget.value })}
        />
        {text('category', 'Category')}
        {text('channel', 'Channel')}
        {text('store', 'Store')}
      </SimpleGrid>
    </Stack>
  );
}

export function SimulatePane({ programId, currency, format, ruleId, unsaved }: SimulatePaneProps) {
  const { client, permissions } = useSignedIn();
  const members = useMemberList(programId);
  const firstMember = members.data?.pages[0]?.data[0]?.externalId ?? '';
  const [edits, setEdits] = useState<Partial<SimulationSample>>({});
  const [startedAt] = useState(() => localDateTimeOf(new Date()));
  const sample: SimulationSample = {
    memberExternalId: firstMember,
    amount: 2500,
    currency,
    occurredAt: startedAt,
    category: '',
    channel: '',
    store: '',
    sku: '',
    ...edits,
  };
  const [debounced] = useDebouncedValue(sample, 400);
  const body = useMemo(() => simulateBodyOf(debounced), [JSON.stringify(debounced)]);
  const checked = simulateTransactionBodySchema.safeParse(body);

  const simulation = useQuery({
    queryKey: [...ruleKeys.simulation(programId), body],
    enabled: checked.success && body.memberExternalId !== '',
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      client.call(
        client.api.POST('/v1/programs/{programId}/transactions/simulate', {
          params: { path: { programId } },
          body: checked.data!,
          signal,
        }),
      ),
  });

  const localIssues = checked.success ? [] : checked.error.issues;
  const memberMissing = simulation.error instanceof LoyaltyApiError && simulation.error.status === 404;
  const errorAt = (path: string) => {
    if (path === 'memberExternalId' && memberMissing) return 'No member with this external id in the program';
    return localIssues.find((i) => i.path.join('.') === path)?.message;
  };
  const result = simulation.data;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="simulate-title" className="simulate-pane">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="simulate-title">
            Simulate
          </Title>
          {simulation.isFetching && <Loader size="xs" aria-label="Simulating" />}
        </Group>
        {unsaved ? (
          <Alert color="yellow" variant="light" role="status" data-testid="simulate-unsaved">
            The simulation runs the program’s saved rules: save to see the effect of your changes.
          </Alert>
        ) : (
          <Text size="xs" c="dimmed">
            A dry run with the program’s saved rules, tier and campaigns: nothing is posted.
          </Text>
        )}
        {!permissions.can('points:read') ? (
          <Text size="sm" c="dimmed">
            Your role cannot run simulations (it needs points:read).
          </Text>
        ) : (
          <>
            <SampleForm
              sample={sample}
              set={(patch) => setEdits((e) => ({ ...e, ...patch }))}
              errorAt={errorAt}
              memberOptions={(members.data?.pages[0]?.data ?? []).map((m) => m.externalId)}
            />
            {simulation.error && !memberMissing && <ApiErrorAlert error={simulation.error} />}
            {!result && !simulation.error && (
              <Text size="sm" c="dimmed">
                {sample.memberExternalId ? 'Simulating…' : 'Pick a member to simulate a purchase.'}
              </Text>
            )}
            {result && (
              <Stack gap="xs" data-testid="simulation-result" aria-live="polite">
                <Group gap="lg" align="flex-end">
                  <div>
                    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                      Would earn
                    </Text>
                    <Text size="xl" fw={700} className="numeric" data-testid="simulated-points">
                      {format.points(result.breakdown.points)}
                    </Text>
                  </div>
                  <Text size="xs" c="dimmed">
                    base {format.points(result.breakdown.basePoints)} · tier {format.points(result.breakdown.tierBonus)}{' '}
                    · campaigns {format.points(result.breakdown.campaignBonus)}
                    {result.tier ? ` · tier ${result.tier.name} ×${result.tier.multiplier}` : ''}
                  </Text>
                </Group>
                {result.confirmsAt && <Text size="xs">Held until {format.date(result.confirmsAt)}</Text>}
                {result.breakdown.lines.length > 0 && (
                  <Table verticalSpacing={4} fz="sm" aria-label="Breakdown lines">
                    <Table.Tbody>
                      {result.breakdown.lines.map((line, i) => (
                        <Table.Tr
                          key={i}
                          data-current={(line.source === 'rule' && line.ruleId === ruleId) || undefined}
                          className="breakdown-line"
                        >
                          <Table.Td>
                            <Badge size="xs" variant="light" tt="none">
                              {line.source}
                            </Badge>
                          </Table.Td>
                          <Table.Td>{'name' in line ? line.name : line.reason.replaceAll('_', ' ')}</Table.Td>
                          <Table.Td ta="right" className="numeric">
                            {format.signedPoints(line.points)}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
                {result.breakdown.skipped.length > 0 && (
                  <div>
                    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                      Did not apply
                    </Text>
                    <ul className="skipped-list" aria-label="Skipped">
                      {result.breakdown.skipped.map((s) => (
                        <li key={`${s.source}-${s.id}`} data-current={s.id === ruleId || undefined}>
                          <Text size="sm" span>
                            {s.name}
                          </Text>{' '}
                          <Text size="sm" span c="dimmed">
                            {SKIP_REASON_TEXT[s.reason]}
                          </Text>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
