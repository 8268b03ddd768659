import type { Command } from 'commander';
import type { LoyaltyClient } from '@loyalty/sdk';
import { cliEnvironment, type CliEnvironment } from './cli-config.ts';
import { clientFor } from './client-factory.ts';
import type { OutputOptions } from './cli-output.ts';

// What every command's action needs: the global options (wherever on the line they were given),
// the environment, and the API client they select.

export interface GlobalOptions {
  json?: boolean;
  apiKey?: string;
  apiUrl?: string;
}

export interface CommandContext {
  env: CliEnvironment;
  output: OutputOptions;
  options: GlobalOptions;
  client(): Promise<LoyaltyClient>;
}

export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const env = cliEnvironment();
  return {
    env,
    options,
    output: { json: options.json === true },
    client: () => clientFor({ apiKey: options.apiKey, apiUrl: options.apiUrl }, env),
  };
}
