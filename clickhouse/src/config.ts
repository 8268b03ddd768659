import { z } from 'zod';
import { isIdentifier } from './sql-identifiers.ts';

// The ClickHouse connection of the tools in this package (the migration CLI), validated
// once at start-up. Nothing else in the package reads the environment.

const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is not set' : 'must be a string'),
};
const envSchema = z.object({
  CLICKHOUSE_URL: z
    .string(required)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, such as http://127.0.0.1:58123' })),
  CLICKHOUSE_DATABASE: z.string(required).refine(isIdentifier, 'must be a plain identifier (letters, digits and _)'),
});

export interface ClickHouseConfig {
  readonly url: string;
  readonly database: string;
}

export function loadClickHouseConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClickHouseConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(
      `Invalid ClickHouse configuration: ${problems.join('; ')} (the local stack's values: npm run stack -- env)`,
    );
  }
  return { url: parsed.data.CLICKHOUSE_URL, database: parsed.data.CLICKHOUSE_DATABASE };
}
