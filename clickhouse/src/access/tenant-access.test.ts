import { describe, expect, it } from 'vitest';
import {
  DEFAULT_READER_LIMITS,
  dropTenantReaderStatements,
  serviceAccessStatements,
  TenantAccessError,
  tenantReaderStatements,
} from './tenant-access.ts';

const TENANT = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';
const PASSWORD = 'correct horse battery staple';

describe('tenantReaderStatements', () => {
  const shared = '`tenant_readers_0b0e6f5e4d434c1e9a533a1f5d2b7c01`';
  const quota = `NOT KEYED FOR INTERVAL 1 hour MAX queries = 1000, read_rows = 20000000000, execution_time = 3600 TO ${shared}`;

  it('creates a read-only user limited by its tenant profile and quota, reading through the tenant role, capped to its tenant twice', () => {
    expect(
      tenantReaderStatements({ database: 'loyalty', user: 'acme_analysts', tenantId: TENANT, password: PASSWORD }),
    ).toEqual([
      `CREATE SETTINGS PROFILE OR REPLACE ${shared} SETTINGS readonly = 1 CONST, max_memory_usage = 4294967296 CONST, max_execution_time = 120 CONST, max_concurrent_queries_for_user = 2 CONST`,
      `CREATE ROLE IF NOT EXISTS ${shared}`,
      `GRANT SELECT ON \`loyalty\`.* TO ${shared}`,
      `CREATE QUOTA IF NOT EXISTS ${shared} ${quota}`,
      `ALTER QUOTA ${shared} ${quota}`,
      `CREATE USER OR REPLACE \`acme_analysts\` IDENTIFIED WITH sha256_password BY 'correct horse battery staple' DEFAULT DATABASE \`loyalty\` SETTINGS PROFILE ${shared}`,
      `GRANT ${shared} TO \`acme_analysts\``,
      `SET DEFAULT ROLE ${shared} TO \`acme_analysts\``,
      `CREATE ROW POLICY OR REPLACE \`tenant_reader_acme_analysts\` ON \`loyalty\`.* USING tenant_id = '${TENANT}' AS PERMISSIVE TO \`acme_analysts\``,
      `CREATE ROW POLICY OR REPLACE \`tenant_reader_acme_analysts_only\` ON \`loyalty\`.* USING tenant_id = '${TENANT}' AS RESTRICTIVE TO \`acme_analysts\``,
    ]);
  });

  it('takes other limits, and gives every reader of a tenant the same role, profile and quota', () => {
    const limits = {
      maxMemoryBytes: 1_000_000_000,
      maxExecutionSeconds: 30,
      maxConcurrentQueries: 1,
      queriesPerHour: 100,
      readRowsPerHour: 1_000_000,
      executionSecondsPerHour: 600,
    };
    const a = tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_a',
      tenantId: TENANT,
      password: PASSWORD,
      limits,
    });
    const b = tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_b',
      tenantId: TENANT,
      password: PASSWORD,
      limits,
    });
    expect(a[0]).toBe(
      `CREATE SETTINGS PROFILE OR REPLACE ${shared} SETTINGS readonly = 1 CONST, max_memory_usage = 1000000000 CONST, max_execution_time = 30 CONST, max_concurrent_queries_for_user = 1 CONST`,
    );
    expect(a[4]).toBe(
      `ALTER QUOTA ${shared} NOT KEYED FOR INTERVAL 1 hour MAX queries = 100, read_rows = 1000000, execution_time = 600 TO ${shared}`,
    );
    expect(a.slice(0, 5)).toEqual(b.slice(0, 5));
  });

  it('accepts the SHA-256 of the password instead, so the password never travels', () => {
    const create = tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_bi',
      tenantId: TENANT,
      passwordSha256Hex: 'AB'.repeat(32),
    })[5];
    expect(create).toBe(
      `CREATE USER OR REPLACE \`acme_bi\` IDENTIFIED WITH sha256_hash BY '${'ab'.repeat(32)}' DEFAULT DATABASE \`loyalty\` SETTINGS PROFILE \`tenant_readers_0b0e6f5e4d434c1e9a533a1f5d2b7c01\``,
    );
  });

  it('lower-cases the tenant id, as Postgres prints UUIDs', () => {
    const statements = tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_bi',
      tenantId: TENANT.toUpperCase(),
      password: PASSWORD,
    });
    expect(statements.at(-1)).toContain(`tenant_id = '${TENANT}'`);
    expect(statements[1]).toBe('CREATE ROLE IF NOT EXISTS `tenant_readers_0b0e6f5e4d434c1e9a533a1f5d2b7c01`');
  });

  it('keeps quotes and backslashes of a password inside its string literal', () => {
    const create = tenantReaderStatements({
      database: 'loyalty',
      user: 'acme_bi',
      tenantId: TENANT,
      password: "x' SETTINGS readonly = 0 -- \\",
    })[5];
    expect(create).toContain("BY 'x\\' SETTINGS readonly = 0 -- \\\\' DEFAULT DATABASE");
  });

  it.each([
    ['an upper-case user', { user: 'Acme' }, 'user must be 3-64 characters'],
    ['a user with SQL in it', { user: 'acme` TO ALL; --' }, 'user must be 3-64'],
    ['a short user', { user: 'ab' }, 'user must be 3-64'],
    ['a database that is not an identifier', { database: 'loyalty-prod' }, 'database must be a plain identifier'],
    ['a database with SQL in it', { database: 'x.* TO ALL --' }, 'database must be a plain identifier'],
    ['a tenant id that is not a UUID', { tenantId: "1' OR 1 = 1 --" }, 'tenantId must be a UUID'],
    ['a short password', { password: 'short' }, 'password must be at least 16'],
    ['a password with a newline', { password: 'a long password\nwith a newline' }, 'printable ASCII'],
    ['a malformed hash', { password: undefined, passwordSha256Hex: 'abc' }, '64 hex digits'],
    [
      'both a password and a hash',
      { passwordSha256Hex: 'a'.repeat(64) },
      'exactly one of password and passwordSha256Hex',
    ],
    ['neither a password nor a hash', { password: undefined }, 'exactly one of password and passwordSha256Hex'],
    [
      'a limit that is not a positive integer',
      { limits: { ...DEFAULT_READER_LIMITS, maxMemoryBytes: 0 } },
      'limits.maxMemoryBytes',
    ],
    [
      'a limit spliced with SQL',
      // What an untyped caller could send.
      { limits: { ...DEFAULT_READER_LIMITS, queriesPerHour: '1 TO ALL' as unknown as number } },
      'limits.queriesPerHour',
    ],
  ])('refuses %s', (_what, change, message) => {
    const input = { database: 'loyalty', user: 'acme_bi', tenantId: TENANT, password: PASSWORD, ...change };
    expect(() => tenantReaderStatements(input)).toThrow(TenantAccessError);
    expect(() => tenantReaderStatements(input)).toThrow(message);
  });
});

describe('serviceAccessStatements', () => {
  it('lets the listed service users see every row once tenant policies exist', () => {
    expect(
      serviceAccessStatements({ database: 'loyalty', serviceUsers: ['default', 'loyalty_sink', 'loyalty_api'] }),
    ).toEqual([
      'CREATE ROW POLICY OR REPLACE `service_unrestricted` ON `loyalty`.* USING 1 AS PERMISSIVE TO `default`, `loyalty_sink`, `loyalty_api`',
    ]);
  });

  it.each([
    [[], 'at least one service user'],
    [['loyalty_sink', 'loyalty_sink'], 'must not repeat a user'],
    [['ALL'], 'must be 3-64'],
  ])('refuses the service users %j', (serviceUsers, message) => {
    expect(() => serviceAccessStatements({ database: 'loyalty', serviceUsers })).toThrow(message);
  });
});

describe('dropTenantReaderStatements', () => {
  it('drops both policies, then the user', () => {
    expect(dropTenantReaderStatements({ database: 'loyalty', user: 'acme_bi' })).toEqual([
      'DROP ROW POLICY IF EXISTS `tenant_reader_acme_bi`, `tenant_reader_acme_bi_only` ON `loyalty`.*',
      'DROP USER IF EXISTS `acme_bi`',
    ]);
  });

  it('validates its input too', () => {
    expect(() => dropTenantReaderStatements({ database: 'loyalty', user: 'x; DROP' })).toThrow(TenantAccessError);
  });
});
