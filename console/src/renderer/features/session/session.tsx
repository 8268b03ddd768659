import { createLoyaltyClient, type LoyaltyClient, type PasswordAuth, type SessionTokens } from '@loyalty/sdk';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TokenStore } from '../../platform/token-store.ts';
import { accessClaimsOf, type AccessClaims } from './access-claims.ts';
import {
  customRolePermissions,
  predefinedPermissions,
  UNKNOWN_PERMISSIONS,
  type RolePermissions,
} from './role-permissions.ts';

// The console user's session: an SDK client resumed from stored tokens, or opened by a log-in.
// The password is used once: the client kept afterwards holds only the tokens, which rotate and
// are handed to the token store on every renewal. When the API ends the session, the store is
// cleared and the log-in screen comes back.

export interface SignedIn {
  client: LoyaltyClient;
  claims: AccessClaims;
  permissions: RolePermissions;
  tenantName: string | undefined;
}

export type SessionState =
  { status: 'starting' } | { status: 'signed-out'; notice?: string } | ({ status: 'signed-in' } & SignedIn);

interface SessionApi {
  state: SessionState;
  logIn(credentials: Pick<PasswordAuth, 'tenant' | 'email' | 'password'>): Promise<void>;
  logOut(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

async function permissionsFor(client: LoyaltyClient, role: string): Promise<RolePermissions> {
  const known = predefinedPermissions(role);
  if (known) return known;
  const roles = await client
    .call(client.api.GET('/v1/roles', { params: { query: { limit: 100 } } }))
    .catch(() => undefined);
  return roles ? customRolePermissions(role, roles.data) : UNKNOWN_PERMISSIONS;
}

async function tenantNameOf(client: LoyaltyClient): Promise<string | undefined> {
  return client.call(client.api.GET('/v1/tenant')).then(
    (t) => t.name,
    () => undefined,
  );
}

export function SessionProvider({
  baseUrl,
  store,
  children,
}: {
  baseUrl: string;
  store: TokenStore;
  children: ReactNode;
}) {
  const [state, setState] = useState<SessionState>({ status: 'starting' });
  const current = useRef<LoyaltyClient | undefined>(undefined);

  const adopt = useCallback(
    async (tokens: SessionTokens, tenantName?: string) => {
      const client: LoyaltyClient = createLoyaltyClient({
        baseUrl,
        tokens,
        onTokens: async (next) => {
          await store.save(next);
          if (current.current !== client) return;
          if (next === null) {
            current.current = undefined;
            setState({ status: 'signed-out', notice: 'Your session has ended. Log in again to continue.' });
          }
        },
      });
      const claims = accessClaimsOf(tokens.accessToken);
      if (!claims) throw new Error('the API answered an access token the console cannot read');
      current.current = client;
      const [permissions, name] = await Promise.all([
        permissionsFor(client, claims.role),
        tenantName === undefined ? tenantNameOf(client) : Promise.resolve(tenantName),
      ]);
      setState({ status: 'signed-in', client, claims, permissions, tenantName: name });
    },
    [baseUrl, store],
  );

  useEffect(() => {
    void store
      .load()
      .then((tokens) => (tokens ? adopt(tokens) : setState({ status: 'signed-out' })))
      .catch(() => setState({ status: 'signed-out' }));
  }, [adopt, store]);

  const logIn = useCallback<SessionApi['logIn']>(
    async (credentials) => {
      const first = createLoyaltyClient({ baseUrl, ...credentials, retry: false });
      let tenantName: string | undefined;
      try {
        tenantName = (await first.call(first.api.GET('/v1/tenant'))).name;
      } catch (err) {
        // Logged in, but the role may not read the tenant: the session is still good.
        if (!first.tokens()) throw err;
      }
      const tokens = first.tokens()!;
      await store.save(tokens);
      await adopt(tokens, tenantName);
    },
    [adopt, baseUrl, store],
  );

  const logOut = useCallback(async () => {
    const client = current.current;
    current.current = undefined;
    setState({ status: 'signed-out', notice: 'You have logged out.' });
    await store.save(null);
    await client?.logout().catch(() => undefined);
  }, [store]);

  const api = useMemo(() => ({ state, logIn, logOut }), [state, logIn, logOut]);
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside SessionProvider');
  return api;
}

/** The signed-in session; screens behind the log-in gate use it. */
export function useSignedIn(): SignedIn {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn while signed out');
  return state;
}
