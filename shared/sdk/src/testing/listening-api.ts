import type { AddressInfo } from 'node:net';
import {
  apiKey,
  createTestApp,
  onboard,
  OWNER_PASSWORD,
  program,
  type TenantSession,
  type TestApp,
} from '../../../../api/src/testing/test-app.ts';

// The SDK speaks real HTTP: the test app listening on a free port, with a tenant, its owner's
// credentials, an integration API key and a program.

export const INTEGRATION_SCOPES = ['programs:read', 'members:read', 'members:write', 'points:read', 'points:earn'];

export interface ListeningApi {
  t: TestApp;
  baseUrl: string;
  tenant: TenantSession;
  owner: { tenant: string; email: string; password: string };
  apiKey: string;
  programId: string;
  close(): Promise<void>;
}

export async function startListeningApi(overrides: Record<string, string> = {}): Promise<ListeningApi> {
  const t = await createTestApp(overrides);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const tenant = await onboard(t.app);
  const key = await apiKey(t.app, tenant, INTEGRATION_SCOPES);
  const programId = await program(t.app, tenant.auth);
  return {
    t,
    baseUrl,
    tenant,
    owner: { tenant: tenant.slug, email: `owner@${tenant.slug}.example`, password: OWNER_PASSWORD },
    apiKey: key.key,
    programId,
    close: () => t.close(),
  };
}

/** A fetch that sends through the real one and remembers each answer's method, path and status. */
export function recordingFetch() {
  const answers: { method: string; path: string; status: number; at: number }[] = [];
  const fetch = async (request: Request) => {
    const response = await globalThis.fetch(request);
    answers.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      at: Date.now(),
    });
    return response;
  };
  return { fetch, answers };
}
