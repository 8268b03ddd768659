import { Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { formattersFor, type Formatters } from '../formatting/formatters.ts';
import { useProgram } from '../programs/programs-query.ts';
import { useSignedIn } from '../session/session.tsx';
import { AdjustPointsDialog } from './adjust-points-dialog.tsx';
import { LedgerHistory } from './ledger-history.tsx';
import { useMember, useMemberTier } from './members-queries.ts';

// Member 360: who the member is, what they hold, their tier and their ledger, and (for roles
// allowed to) a manual adjustment. Each part asks the API only when the role may read it.

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" className="break-anywhere">
        {children}
      </Text>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600} className="numeric" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function TierCard({ memberId, format, enabled }: { memberId: string; format: Formatters; enabled: boolean }) {
  const tier = useMemberTier(memberId, enabled);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="tier-title">
      <Title order={2} size="h5" id="tier-title" mb="sm">
        Tier
      </Title>
      {!enabled && (
        <Text c="dimmed" size="sm">
          Your role cannot see tiers.
        </Text>
      )}
      {enabled && tier.error && <ApiErrorAlert error={tier.error} />}
      {enabled && tier.data && (
        <Stack gap={6}>
          <Text fw={600} size="lg">
            {tier.data.tier?.name ?? 'No tier'}
          </Text>
          {tier.data.since && <Text size="sm">since {format.date(tier.data.since, 'date')}</Text>}
          <Text size="sm" c="dimmed">
            {tier.data.next
              ? `${format.points(tier.data.next.pointsNeeded)} points to ${tier.data.next.tier.name}`
              : tier.data.tier
                ? 'Top tier'
                : 'The program has no tiers yet'}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

export function MemberPage({ programId, memberId }: { programId: string; memberId: string }) {
  const { permissions } = useSignedIn();
  const member = useMember(memberId);
  const program = useProgram(programId);
  const format = useMemo(() => formattersFor(navigator.language, program?.timezone ?? 'UTC'), [program?.timezone]);
  const [adjusting, setAdjusting] = useState(false);
  const [newPosting, setNewPosting] = useState<string>();
  const opener = useRef<HTMLButtonElement>(null);

  const back = (
    <Anchor href={`#/programs/${programId}/members`} size="sm">
      ← Members
    </Anchor>
  );
  if (member.error) {
    return (
      <Stack gap="md">
        {back}
        <ApiErrorAlert error={member.error} />
      </Stack>
    );
  }
  if (!member.data) return <Loader aria-label="Loading the member" />;
  const m = member.data;

  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {m.name ?? m.externalId}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge variant="outline" color="gray" tt="none">
              {m.externalId}
            </Badge>
            <Text size="xs" c="dimmed">
              member id {m.id}
            </Text>
          </Group>
        </div>
        {permissions.can('points:adjust') && (
          <Button ref={opener} onClick={() => setAdjusting(true)}>
            Adjust points
          </Button>
        )}
      </Group>

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="profile-title">
          <Title order={2} size="h5" id="profile-title" mb="sm">
            Profile
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Field label="E-mail">{m.email ?? '—'}</Field>
            <Field label="Phone">{m.phone ?? '—'}</Field>
            <Field label="Birthday">{m.birthday ?? '—'}</Field>
            <Field label="Joined">{format.date(m.createdAt, 'date')}</Field>
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="balance-title">
          <Title order={2} size="h5" id="balance-title" mb="sm">
            Balance
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Stat label="Available" value={format.points(m.balance.available)} testId="balance-available" />
            <Stat label="Pending" value={format.points(m.balance.pending)} testId="balance-pending" />
            <Stat
              label="Lifetime earned"
              value={format.points(m.balance.lifetimeEarned)}
              testId="balance-lifetime-earned"
            />
            <Stat
              label="Lifetime redeemed"
              value={format.points(m.balance.lifetimeRedeemed)}
              testId="balance-lifetime-redeemed"
            />
          </SimpleGrid>
        </Card>
        <TierCard memberId={m.id} format={format} enabled={permissions.can('tiers:read')} />
      </SimpleGrid>

      <Card withBorder padding="lg" component="section" aria-labelledby="ledger-title">
        <Title order={2} size="h5" id="ledger-title" mb="sm">
          Ledger history
        </Title>
        {permissions.can('points:read') ? (
          <LedgerHistory memberId={m.id} format={format} highlight={newPosting} />
        ) : (
          <Text c="dimmed" size="sm">
            Your role cannot see the ledger.
          </Text>
        )}
      </Card>

      {permissions.can('points:adjust') && (
        <AdjustPointsDialog
          member={m}
          format={format}
          open={adjusting}
          onClose={() => {
            setAdjusting(false);
            opener.current?.focus();
          }}
          onAdjusted={setNewPosting}
        />
      )}
    </Stack>
  );
}
