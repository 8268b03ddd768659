import { Center, Loader, MantineProvider, createTheme } from '@mantine/core';
import { LoyaltyApiError } from '@loyalty/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import { LoginPage } from '../features/session/login-page.tsx';
import { SessionProvider, useSession } from '../features/session/session.tsx';
import type { TokenStore } from '../platform/token-store.ts';
import { createConsoleRouter } from './router.tsx';

const theme = createTheme({
  primaryColor: 'indigo',
  // White on indigo-6 is 4.1:1, under WCAG AA for button labels; 7 and 8 pass.
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '600' },
});

// A refusal (4xx) will not change by asking again; network trouble and 5xx may.
const retry = (failures: number, err: unknown) =>
  failures < 2 && !(err instanceof LoyaltyApiError && err.status >= 400 && err.status < 500);

function Gate({ apiOrigin }: { apiOrigin: string }) {
  const { state } = useSession();
  const [router] = useState(createConsoleRouter);
  if (state.status === 'starting') {
    return (
      <Center h="100vh">
        <Loader aria-label="Starting" />
      </Center>
    );
  }
  if (state.status === 'signed-out') return <LoginPage apiOrigin={apiOrigin} notice={state.notice} />;
  // A new QueryClient per session: nothing one user loaded is shown to the next.
  return (
    <QueryClientProvider key={state.claims.userId} client={new QueryClient({ defaultOptions: { queries: { retry } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}

export function App({ apiOrigin, store }: { apiOrigin: string; store: TokenStore }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <SessionProvider baseUrl={apiOrigin} store={store}>
        <Gate apiOrigin={apiOrigin} />
      </SessionProvider>
    </MantineProvider>
  );
}
