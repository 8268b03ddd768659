import { z } from 'zod';

// The API's only reader of process.env: validated once at start-up, fails fast.

const envSchema = z.object({
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgres:// URL (npm run stack -- env prints it)' }),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(20),
});

export type ApiConfig = z.infer<typeof envSchema>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid API environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
