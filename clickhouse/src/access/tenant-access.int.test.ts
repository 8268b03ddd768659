import { afterAll, expect, inject, it } from 'vitest';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { dropTenantReaderStatements, serviceAccessStatements, tenantReaderStatements } from './tenant-access.ts';

// The embedded engine cannot run these statements (no access storage), but its parser is the
// ClickHouse 26.7 parser: formatQuery proves each generated statement is one valid statement
// of the intended kind, including when a password tries to break out of its literal.

const env = inject('stackEnv');
const ch = createClient({ url: env.CLICKHOUSE_URL, log: { level: ClickHouseLogLevel.OFF } });
afterAll(() => ch.close());

const TENANT = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';

async function formatted(statement: string): Promise<string> {
  const result = await ch.query({
    query: 'SELECT formatQuery({q:String}) AS f',
    query_params: { q: statement },
    format: 'JSONEachRow',
  });
  return (await result.json<{ f: string }>())[0]!.f;
}

it('generates statements that the ClickHouse parser reads as intended', async () => {
  const statements = [
    ...serviceAccessStatements({ database: 'loyalty', serviceUsers: ['default', 'loyalty_sink'] }),
    ...tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_analysts',
      tenantId: TENANT,
      password: "x' SETTINGS readonly = 0 -- \\",
    }),
    ...tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_bi',
      tenantId: TENANT,
      passwordSha256Hex: 'ab'.repeat(32),
    }),
    ...dropTenantReaderStatements({ database: 'loyalty', user: 'acme_bi' }),
  ];
  const out = await Promise.all(statements.map(formatted));
  expect(out[0]).toBe(
    'CREATE ROW POLICY OR REPLACE service_unrestricted ON loyalty.* AS PERMISSIVE FOR SELECT USING 1 TO default, loyalty_sink',
  );
  // The hostile password stayed one string literal, and the real settings follow it.
  expect(out[1]).toBe(
    "CREATE USER OR REPLACE acme_analysts IDENTIFIED WITH sha256_password BY 'x\\' SETTINGS readonly = 0 -- \\\\' DEFAULT DATABASE loyalty SETTINGS readonly = 2",
  );
  expect(out[2]).toBe('GRANT SELECT ON loyalty.* TO acme_analysts');
  expect(out[3]).toBe(
    `CREATE ROW POLICY OR REPLACE tenant_reader_acme_analysts ON loyalty.* AS PERMISSIVE FOR SELECT USING tenant_id = '${TENANT}' TO acme_analysts`,
  );
  expect(out[4]).toBe(
    `CREATE ROW POLICY OR REPLACE tenant_reader_acme_analysts_only ON loyalty.* AS RESTRICTIVE FOR SELECT USING tenant_id = '${TENANT}' TO acme_analysts`,
  );
  expect(out[5]).toContain(`IDENTIFIED WITH sha256_hash BY '${'ab'.repeat(32)}'`);
  expect(out.at(-2)).toBe('DROP ROW POLICY IF EXISTS tenant_reader_acme_bi, tenant_reader_acme_bi_only ON loyalty.*');
  expect(out.at(-1)).toBe('DROP USER IF EXISTS acme_bi');
});

it('cannot apply them on the embedded engine: row policies need a real server', async () => {
  const [create] = tenantReaderStatements({
    database: 'loyalty',
    user: 'acme_bi',
    tenantId: TENANT,
    password: 'a long enough passphrase',
  });
  await expect(ch.command({ query: create! })).rejects.toMatchObject({ type: 'ACCESS_DENIED' });
});
