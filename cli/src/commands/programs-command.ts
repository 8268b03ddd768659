import type { Command } from 'commander';
import { pageSize } from '../argument-parsers.ts';
import { printList } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';

export function registerProgramsCommand(program: Command): void {
  program
    .command('programs')
    .description('list the loyalty programs (every page)')
    .option('--page-size <n>', 'programs per request, 1 to 200 (every page is fetched)', pageSize, 200)
    .addHelpText('after', '\nExample:\n  loyalty programs')
    .action(async (opts: { pageSize: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      await printList(
        client.paginate('/v1/programs', { params: { query: { limit: opts.pageSize } } }),
        ctx.output,
        ['id', 'name', 'currency', 'timezone'],
        (p) => [p.id, p.name, p.currency, p.timezone],
      );
    });
}
