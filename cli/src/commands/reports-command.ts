import type { Command } from 'commander';
import { printJson } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';
import { formatTable, type Cell } from '../table-format.ts';

export function registerReportsCommand(program: Command): void {
  const reports = program.command('reports').description('saved reports');
  reports
    .command('run')
    .description('run a saved report: a table, its JSON with --json, or the CSV the API writes with --csv')
    .argument('<savedReportId>', 'the saved report')
    .option('--csv', "print the API's CSV as it comes")
    .addHelpText('after', '\nExample:\n  loyalty reports run 0e4f...9c --csv > report.csv')
    .action(async (savedReportId: string, opts: { csv?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      if (opts.csv) {
        const csv = await client.call(
          client.api.POST('/v1/reports/saved/{savedReportId}/run', {
            params: { path: { savedReportId }, query: { format: 'csv' } },
            parseAs: 'text',
          }),
        );
        process.stdout.write(csv);
        return;
      }
      const result = await client.call(
        client.api.POST('/v1/reports/saved/{savedReportId}/run', { params: { path: { savedReportId } } }),
      );
      // The operation answers JSON or CSV; without ?format=csv the API sends JSON.
      if (typeof result === 'string' || ctx.output.json) {
        printJson(result);
        return;
      }
      const names = result.columns.map((c) => c.name);
      process.stdout.write(
        formatTable(
          names,
          result.rows.map((r) => names.map((n) => r[n] as Cell)),
        ),
      );
    });
}
