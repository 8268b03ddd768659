import { Alert, Button, Group, TextInput } from '@mantine/core';
import { LoyaltyApiError, type LoyaltyClient } from '@loyalty/sdk';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { FIND_MEMBER_INPUT_ID } from '../../app/app-shell.tsx';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { useSignedIn } from '../session/session.tsx';
import { memberLookupOf, type MemberLookup } from './member-lookup.ts';

type Outcome =
  { kind: 'idle' } | { kind: 'not-found'; text: string } | { kind: 'email' } | { kind: 'error'; error: unknown };

async function findMemberId(
  client: LoyaltyClient,
  programId: string,
  lookup: MemberLookup,
): Promise<string | undefined> {
  const byExternalId = async (externalId: string) =>
    (
      await client.call(
        client.api.GET('/v1/programs/{programId}/members/by-external-id/{externalId}', {
          params: { path: { programId, externalId } },
        }),
      )
    ).id;
  const notFound = (err: unknown) => {
    if (err instanceof LoyaltyApiError && err.status === 404) return undefined;
    throw err;
  };
  if (lookup.kind === 'external-id') return byExternalId(lookup.externalId).catch(notFound);
  if (lookup.kind !== 'member-id') return undefined;
  // An id-shaped text may also be an external id (some shops use UUIDs for customers).
  const member = await client
    .call(client.api.GET('/v1/members/{memberId}', { params: { path: { memberId: lookup.memberId } } }))
    .catch(notFound);
  if (member && member.programId === programId) return member.id;
  return byExternalId(lookup.memberId).catch(notFound);
}

export function MemberSearch({ programId }: { programId: string }) {
  const { client } = useSignedIn();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const lookup = memberLookupOf(text);
    if (lookup.kind === 'none') return;
    if (lookup.kind === 'email-unsupported') return setOutcome({ kind: 'email' });
    setBusy(true);
    try {
      const memberId = await findMemberId(client, programId, lookup);
      if (!memberId) return setOutcome({ kind: 'not-found', text: text.trim() });
      await navigate({ to: '/programs/$programId/members/$memberId', params: { programId, memberId } });
    } catch (error) {
      setOutcome({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} role="search" aria-label="Find a member">
      <Group align="flex-end" gap="sm">
        <TextInput
          id={FIND_MEMBER_INPUT_ID}
          label="Find a member"
          description="External id (your customer number) or member id"
          placeholder="e.g. cust-1042"
          w={380}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setOutcome({ kind: 'idle' });
          }}
        />
        <Button type="submit" loading={busy}>
          Find
        </Button>
      </Group>
      {outcome.kind === 'not-found' && (
        <Alert mt="sm" color="yellow" variant="light" role="status">
          No member of this program has the external id or member id “{outcome.text}”.
        </Alert>
      )}
      {outcome.kind === 'email' && (
        <Alert mt="sm" color="blue" variant="light" role="status">
          Members cannot be searched by e-mail: the API keeps addresses encrypted. Search by external id or member id.
        </Alert>
      )}
      {outcome.kind === 'error' && (
        <div style={{ marginTop: 12 }}>
          <ApiErrorAlert error={outcome.error} />
        </div>
      )}
    </form>
  );
}
