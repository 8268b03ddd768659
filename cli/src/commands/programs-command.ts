import type { Command } from 'commander';
import { printList } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';

export function registerProgramsCommand(program: Command): void {
  program
    .command('programs')
    .description('list the loyalty programs (every page)')
    .addHelpText('after', '\nExample:\n  loyalty programs')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      await printList(
        client.paginate('/v1/programs', { params: { query: { limit: 200 } } }),
        ctx.output,
        ['id', 'name', 'currency', 'timezone'],
        (p) => [p.id, p.name, p.currency, p.timezone],
      );
    });
}
