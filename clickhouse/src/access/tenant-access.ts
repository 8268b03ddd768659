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
// Resource isolation, so one tenant's data team cannot starve the others (or the reports API):
// - a settings profile per tenant on each of its users: readonly = 1 (queries only, and no
//   setting can be changed, so the limits below cannot be raised), memory and time per query,
//   queries at once per user; every value CONST;
// - a quota per tenant, NOT KEYED and given to a role that all the tenant's readers hold, so
//   their queries, rows read and execution time per hour add up across the tenant's users.
//   SELECT is granted to that role, not to the user: a reader who sets its roles aside to slip
//   the quota loses the right to read at all.
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

const positive = z.int().positive();
const limitsSchema = z.strictObject({
  /** Memory one query may use, in bytes. */
  maxMemoryBytes: positive,
  maxExecutionSeconds: positive,
  /** Queries one user runs at once. */
  maxConcurrentQueries: positive,
  /** Per hour, shared by all the tenant's readers. */
  queriesPerHour: positive,
  readRowsPerHour: positive,
  executionSecondsPerHour: positive,
});
export type TenantReaderLimits = z.output<typeof limitsSchema>;

export const DEFAULT_READER_LIMITS: TenantReaderLimits = {
  maxMemoryBytes: 4 * 1024 ** 3,
  maxExecutionSeconds: 120,
  maxConcurrentQueries: 2,
  queriesPerHour: 1_000,
  readRowsPerHour: 20_000_000_000,
  executionSecondsPerHour: 3_600,
};

const readerSchema = z
  .object({
    database: databaseName,
    user: userName,
    tenantId,
    limits: limitsSchema.default(DEFAULT_READER_LIMITS),
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
  // The role, the profile and the quota are the tenant's, shared by its readers (one name,
  // three kinds of access entity).
  const shared = quoteIdentifier(`tenant_readers_${reader.tenantId.replaceAll('-', '')}`);
  const l = reader.limits;
  const quota = `NOT KEYED FOR INTERVAL 1 hour MAX queries = ${l.queriesPerHour}, read_rows = ${l.readRowsPerHour}, execution_time = ${l.executionSecondsPerHour} TO ${shared}`;
  return [
    `CREATE SETTINGS PROFILE OR REPLACE ${shared} SETTINGS readonly = 1 CONST, max_memory_usage = ${l.maxMemoryBytes} CONST, max_execution_time = ${l.maxExecutionSeconds} CONST, max_concurrent_queries_for_user = ${l.maxConcurrentQueries} CONST`,
    `CREATE ROLE IF NOT EXISTS ${shared}`,
    `GRANT SELECT ON ${db}.* TO ${shared}`,
    // Created once, then altered: OR REPLACE would make a new quota with fresh counters, so
    // adding a reader would hand the tenant a new hour.
    `CREATE QUOTA IF NOT EXISTS ${shared} ${quota}`,
    `ALTER QUOTA ${shared} ${quota}`,
    `CREATE USER OR REPLACE ${user} ${identified} DEFAULT DATABASE ${db} SETTINGS PROFILE ${shared}`,
    `GRANT ${shared} TO ${user}`,
    `SET DEFAULT ROLE ${shared} TO ${user}`,
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
