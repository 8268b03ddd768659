import { z } from 'zod';
import { isIdentifier, quoteIdentifier, quoteString } from '../sql-identifiers.ts';

// SQL a real ClickHouse server needs to give a data team its own read-only user that sees
// only its tenant's rows (the embedded engine has no access storage: CREATE USER and
// CREATE ROW POLICY fail there, so these statements are unit-tested, not run locally).
//
// ClickHouse rule this is built around: once a table has any row policy, a user matched by
// none of its policies sees no rows. Hence two sets of statements:
// - serviceAccessStatements: once per database, BEFORE the first tenant reader, a policy
//   letting the service users (migrations, the sink, the reports API...) see every row.
//   Materialized views run as their definer, the migrating user: list it too.
// - tenantReaderStatements: per data team, a user limited to SELECT on the database and two
//   policies with the same tenant condition on every table (`db.*`, so tables added later
//   are covered): a permissive one that grants the rows, and a restrictive one that caps
//   them even if someone later adds a broader permissive policy matching this user.
//   A table without tenant_id (schema_migrations) then fails for the reader: closed, not open.
//
// Every statement is CREATE ... OR REPLACE: running the list again converges to it (a new
// password, another tenant). Identifiers are validated and back-quoted; values validated and
// quoted. Nothing from the input reaches the SQL otherwise.

const userName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{2,63}$/, 'must be 3-64 characters: lower-case letters, digits and _, starting with a letter');
const databaseName = z.string().refine(isIdentifier, 'must be a plain identifier (letters, digits and _)');
const tenantId = z.uuid('must be a UUID').transform((id) => id.toLowerCase());
const password = z
  .string()
  .min(16, 'must be at least 16 characters')
  .max(128, 'must be at most 128 characters')
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (no control characters)');
const sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be the 64 hex digits of the password's SHA-256")
  .transform((hex) => hex.toLowerCase());

const readerSchema = z
  .object({
    database: databaseName,
    user: userName,
    tenantId,
    /** Sent as IDENTIFIED WITH sha256_password BY '...': the server stores only its hash. */
    password: password.optional(),
    /** Or the SHA-256 of the password, so the plain password never travels in SQL. */
    passwordSha256Hex: sha256Hex.optional(),
  })
  .refine((input) => (input.password === undefined) !== (input.passwordSha256Hex === undefined), {
    message: 'give exactly one of password and passwordSha256Hex',
    path: ['password'],
  });
export type TenantReaderInput = z.input<typeof readerSchema>;

const serviceSchema = z.object({
  database: databaseName,
  serviceUsers: z
    .array(userName)
    .min(1, 'name at least one service user')
    .refine((users) => new Set(users).size === users.length, 'must not repeat a user'),
});
export type ServiceAccessInput = z.input<typeof serviceSchema>;

const dropSchema = z.object({ database: databaseName, user: userName });
export type DropTenantReaderInput = z.input<typeof dropSchema>;

export class TenantAccessError extends Error {
  override readonly name = 'TenantAccessError';
}

export const SERVICE_POLICY = 'service_unrestricted';

export function serviceAccessStatements(input: ServiceAccessInput): string[] {
  const { database, serviceUsers } = parse(serviceSchema, input);
  const db = quoteIdentifier(database);
  return [
    `CREATE ROW POLICY OR REPLACE ${quoteIdentifier(SERVICE_POLICY)} ON ${db}.* USING 1 AS PERMISSIVE TO ${serviceUsers.map(quoteIdentifier).join(', ')}`,
  ];
}

export function tenantReaderStatements(input: TenantReaderInput): string[] {
  const reader = parse(readerSchema, input);
  const db = quoteIdentifier(reader.database);
  const user = quoteIdentifier(reader.user);
  const identified =
    reader.password !== undefined
      ? `IDENTIFIED WITH sha256_password BY ${quoteString(reader.password)}`
      : `IDENTIFIED WITH sha256_hash BY ${quoteString(reader.passwordSha256Hex!)}`;
  const condition = `tenant_id = ${quoteString(reader.tenantId)}`;
  const [allow, only] = policyNames(reader.user);
  return [
    // readonly = 2: queries only, but clients may still tune settings (formats, limits).
    `CREATE USER OR REPLACE ${user} ${identified} DEFAULT DATABASE ${db} SETTINGS readonly = 2`,
    `GRANT SELECT ON ${db}.* TO ${user}`,
    `CREATE ROW POLICY OR REPLACE ${allow} ON ${db}.* USING ${condition} AS PERMISSIVE TO ${user}`,
    `CREATE ROW POLICY OR REPLACE ${only} ON ${db}.* USING ${condition} AS RESTRICTIVE TO ${user}`,
  ];
}

export function dropTenantReaderStatements(input: DropTenantReaderInput): string[] {
  const { database, user } = parse(dropSchema, input);
  const [allow, only] = policyNames(user);
  return [
    `DROP ROW POLICY IF EXISTS ${allow}, ${only} ON ${quoteIdentifier(database)}.*`,
    `DROP USER IF EXISTS ${quoteIdentifier(user)}`,
  ];
}

function policyNames(user: string): [string, string] {
  return [quoteIdentifier(`tenant_reader_${user}`), quoteIdentifier(`tenant_reader_${user}_only`)];
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'input'} ${issue.message}`);
    throw new TenantAccessError(`Invalid tenant access request: ${problems.join('; ')}`);
  }
  return result.data;
}
