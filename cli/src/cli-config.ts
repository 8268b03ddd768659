import os from 'node:os';
import path from 'node:path';

// Everything the CLI reads from its environment, read here only.

export interface CliEnvironment {
  /** The folder of the stored session. */
  configDir: string;
  apiKey: string | undefined;
  apiUrl: string | undefined;
}

export function cliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const configDir =
    nonEmpty(env.LOYALTY_CONFIG_DIR) ??
    path.join(nonEmpty(env.XDG_CONFIG_HOME) ?? path.join(os.homedir(), '.config'), 'loyalty');
  return { configDir, apiKey: nonEmpty(env.LOYALTY_API_KEY), apiUrl: nonEmpty(env.LOYALTY_API_URL) };
}
