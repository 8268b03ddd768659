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
  const shared = 'tenant_readers_0b0e6f5e4d434c1e9a533a1f5d2b7c01';
  const quota = `NOT KEYED FOR INTERVAL 1 hour MAX queries = 1000, read_rows = 20000000000, execution_time = 3600 TO ${shared}`;
  expect(out[0]).toBe(
    'CREATE ROW POLICY OR REPLACE service_unrestricted ON loyalty.* AS PERMISSIVE FOR SELECT USING 1 TO default, loyalty_sink',
  );
  expect(out.slice(1, 6)).toEqual([
    // The formatter keeps the back quotes of a profile name (in both places it appears).
    `CREATE SETTINGS PROFILE OR REPLACE \`${shared}\` SETTINGS readonly = 1 CONST, max_memory_usage = 4294967296 CONST, max_execution_time = 120 CONST, max_concurrent_queries_for_user = 2 CONST`,
    `CREATE ROLE IF NOT EXISTS ${shared}`,
    `GRANT SELECT ON loyalty.* TO ${shared}`,
    `CREATE QUOTA IF NOT EXISTS ${shared} ${quota}`,
    `ALTER QUOTA ${shared} ${quota}`,
  ]);
  // The hostile password stayed one string literal, and the real settings follow it.
  expect(out[6]).toBe(
    `CREATE USER OR REPLACE acme_analysts IDENTIFIED WITH sha256_password BY 'x\\' SETTINGS readonly = 0 -- \\\\' DEFAULT DATABASE loyalty SETTINGS PROFILE \`${shared}\``,
  );
  expect(out.slice(7, 11)).toEqual([
    `GRANT ${shared} TO acme_analysts`,
    `SET DEFAULT ROLE ${shared} TO acme_analysts`,
    `CREATE ROW POLICY OR REPLACE tenant_reader_acme_analysts ON loyalty.* AS PERMISSIVE FOR SELECT USING tenant_id = '${TENANT}' TO acme_analysts`,
    `CREATE ROW POLICY OR REPLACE tenant_reader_acme_analysts_only ON loyalty.* AS RESTRICTIVE FOR SELECT USING tenant_id = '${TENANT}' TO acme_analysts`,
  ]);
  // A second reader of the same tenant: the same shared statements, its own user.
  expect(out.slice(11, 16)).toEqual(out.slice(1, 6));
  expect(out[16]).toContain(`IDENTIFIED WITH sha256_hash BY '${'ab'.repeat(32)}'`);
  expect(out.at(-2)).toBe('DROP ROW POLICY IF EXISTS tenant_reader_acme_bi, tenant_reader_acme_bi_only ON loyalty.*');
  expect(out.at(-1)).toBe('DROP USER IF EXISTS acme_bi');
});

it('cannot apply them on the embedded engine: users, roles, profiles and policies need a real server', async () => {
  const statements = tenantReaderStatements({
    database: 'loyalty',
    user: 'acme_bi',
    tenantId: TENANT,
    password: 'a long enough passphrase',
  });
  for (const query of [statements[0]!, statements[1]!, statements[5]!])
    await expect(ch.command({ query })).rejects.toMatchObject({ type: 'ACCESS_DENIED' });
});
