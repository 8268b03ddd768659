import type { Command } from 'commander';
import { createLoyaltyClient } from '@loyalty/sdk';
import { apiUrlOf } from '../client-factory.ts';
import { UsageError } from '../exit-codes.ts';
import { note, printJson } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';
import { readPassword } from '../password-input.ts';
import { deleteSession, readSession, sessionPath, writeSession } from '../session-store.ts';

export function registerSessionCommands(program: Command): void {
  program
    .command('login')
    .description('log in as a console user and store the session (tokens, not the password)')
    .requiredOption('--tenant <slug>', "the tenant's slug")
    .requiredOption('--email <email>', "the user's e-mail")
    .option('--password-stdin', 'read the password from stdin (otherwise it is asked for, without echo)')
    .addHelpText(
      'after',
      `
--api-url <url> (or LOYALTY_API_URL) names the API, such as https://api.example.com.
The session is stored in $LOYALTY_CONFIG_DIR, or $XDG_CONFIG_HOME/loyalty, or ~/.config/loyalty
(session.json, mode 0600, in a 0700 folder); its tokens are renewed as they expire.

Example:
  printf '%s' "$PASSWORD" | loyalty login --api-url https://api.example.com --tenant brew-house --email owner@brew.example --password-stdin`,
    )
    .action(async (opts: { tenant: string; email: string; passwordStdin?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      // --api-url is the global option (commander gives it to the root wherever it is written).
      if (ctx.options.apiUrl === undefined) throw new UsageError('login needs --api-url <url> (or LOYALTY_API_URL)');
      const baseUrl = apiUrlOf(ctx.options.apiUrl);
      const password = await readPassword(opts.passwordStdin === true);
      const client = createLoyaltyClient({
        baseUrl,
        tenant: opts.tenant,
        email: opts.email,
        password,
        retry: false,
        onTokens: (tokens) => (tokens ? writeSession(ctx.env.configDir, { apiUrl: baseUrl, tokens }) : undefined),
      });
      const tenant = await client.call(client.api.GET('/v1/tenant'));
      if (ctx.output.json) printJson({ tenant: { id: tenant.id, slug: tenant.slug }, apiUrl: baseUrl });
      else
        note(
          `logged in to ${tenant.slug} at ${baseUrl} as ${opts.email} (session in ${sessionPath(ctx.env.configDir)})`,
        );
    });

  program
    .command('logout')
    .description('end the stored session on the API and delete it')
    .addHelpText('after', '\nExample:\n  loyalty logout')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const session = await readSession(ctx.env.configDir);
      if (!session) {
        note('not logged in');
        return;
      }
      const client = createLoyaltyClient({
        baseUrl: session.apiUrl,
        tokens: session.tokens,
        onTokens: (tokens) => (tokens ? undefined : deleteSession(ctx.env.configDir)),
      });
      await client.logout();
      note(`logged out of ${session.apiUrl}`);
    });
}
