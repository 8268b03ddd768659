import { Center, Loader, Stack, Text, Title } from '@mantine/core';
import { Navigate } from '@tanstack/react-router';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { DEFAULT_SEARCH } from '../dashboard/time-range.ts';
import { useSignedIn } from '../session/session.tsx';
import { usePrograms } from './programs-query.ts';

const LAST_PROGRAM_KEY = 'loyalty.console.program';

export function rememberProgram(programId: string): void {
  window.localStorage.setItem(LAST_PROGRAM_KEY, programId);
}

/** The start screen: the program used last, or the first one; its dashboard for those who read reports. */
export function HomeRedirect() {
  const programs = usePrograms();
  const { permissions } = useSignedIn();
  if (programs.error) {
    return (
      <Center h="100vh" p="xl">
        <ApiErrorAlert error={programs.error} />
      </Center>
    );
  }
  if (!programs.data) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading programs" />
      </Center>
    );
  }
  const last = window.localStorage.getItem(LAST_PROGRAM_KEY);
  const program = programs.data.find((p) => p.id === last) ?? programs.data[0];
  if (!program) {
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Title order={1} size="h3">
            No program yet
          </Title>
          <Text c="dimmed">Create a loyalty program through the API to start.</Text>
        </Stack>
      </Center>
    );
  }
  if (permissions.can('reports:read'))
    return (
      <Navigate
        to="/programs/$programId/dashboard"
        params={{ programId: program.id }}
        search={DEFAULT_SEARCH}
        replace
      />
    );
  return <Navigate to="/programs/$programId/members" params={{ programId: program.id }} replace />;
}
