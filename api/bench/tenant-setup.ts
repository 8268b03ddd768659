import { randomUUID } from 'node:crypto';

// The bench's tenant is made through the public API, the way a merchant would: onboarding, an
// API key that may only earn, one program, and the members the load is spread over.

export interface BenchTenant {
  /** An API key with the points:earn scope only. */
  apiKey: string;
  /** The owner's access token, to configure the program. */
  accessToken: string;
  programId: string;
  memberIds: string[];
}

export async function post(
  baseUrl: string,
  route: string,
  body: unknown,
  bearer?: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST ${route} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function field(body: Record<string, unknown>, ...keys: string[]): string {
  let value: unknown = body;
  for (const k of keys) value = (value as Record<string, unknown> | undefined)?.[k];
  if (typeof value !== 'string') throw new Error(`expected ${keys.join('.')} in ${JSON.stringify(body)}`);
  return value;
}

export async function setupTenant(baseUrl: string, members: number, concurrency = 16): Promise<BenchTenant> {
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const onboarded = await post(baseUrl, '/v1/onboarding', {
    tenant: { slug, name: 'Ledger bench' },
    owner: { email: `owner@${slug}.example`, name: 'Bench owner', password: randomUUID() },
  });
  const accessToken = field(onboarded, 'tokens', 'accessToken');
  const apiKey = field(
    await post(baseUrl, '/v1/api-keys', { name: 'ledger bench', scopes: ['points:earn'] }, accessToken),
    'secret',
  );
  const programId = field(
    await post(
      baseUrl,
      '/v1/programs',
      { name: 'Bench Club', currency: 'EUR', timezone: 'Europe/Paris', settings: {} },
      accessToken,
    ),
    'id',
  );

  // Modest concurrency: member creation is setup, not what is measured.
  const memberIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < members) {
      const n = next++;
      const created = await post(
        baseUrl,
        `/v1/programs/${programId}/members`,
        { externalId: `bench-${n}` },
        accessToken,
      );
      memberIds.push(field(created, 'id'));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, members) }, worker));
  return { apiKey, accessToken, programId, memberIds };
}
