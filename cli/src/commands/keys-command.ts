import type { Command } from 'commander';
import type { paths } from '@loyalty/sdk';
import { collect, timestamp } from '../argument-parsers.ts';
import { note, printJson, printLine } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';

type CreateKeyBody = paths['/v1/api-keys']['post']['requestBody']['content']['application/json'];

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys of the tenant');
  keys
    .command('create')
    .description('create an API key and print its secret (shown this once only)')
    .requiredOption('--name <name>', 'what the key is for')
    .requiredOption('--scope <scope>', 'a permission, such as members:read (repeat, or separate with commas)', collect)
    .option('--expires-at <timestamp>', 'when the key stops working (ISO 8601)', timestamp)
    .addHelpText(
      'after',
      `
The secret alone goes to stdout (KEY=$(loyalty keys create ...)); with --json, the API's answer.

Example:
  loyalty keys create --name shop --scope members:read --scope members:write --scope points:earn`,
    )
    .action(async (opts: { name: string; scope: string[]; expiresAt?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      const body = {
        name: opts.name,
        scopes: opts.scope as CreateKeyBody['scopes'],
        ...(opts.expiresAt === undefined ? {} : { expiresAt: opts.expiresAt }),
      };
      const created = await client.call(client.api.POST('/v1/api-keys', { body }));
      if (ctx.output.json) {
        printJson(created);
        return;
      }
      // null only when an Idempotency-Key replays a creation, which the CLI never sends twice.
      printLine(created.secret ?? '');
      note(
        `created API key ${created.id} "${created.name}" (${created.scopes.join(', ')}): store its secret now, it is not shown again`,
      );
    });
}
