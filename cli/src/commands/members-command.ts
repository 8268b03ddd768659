import type { Command } from 'commander';
import { note, printJson, printRecord } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { importMembers, type ImportSummary } from '../member-import.ts';

export function registerMembersCommand(program: Command): void {
  const members = program.command('members').description('members of a program');

  members
    .command('get')
    .description('a member, with its balance')
    .argument('<memberId>', 'the member (our id)')
    .addHelpText('after', '\nExample:\n  loyalty members get 5f0c...e1')
    .action(async (memberId: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      const m = await client.call(client.api.GET('/v1/members/{memberId}', { params: { path: { memberId } } }));
      printRecord(m, ctx.output, [
        ['id', m.id],
        ['externalId', m.externalId],
        ['email', m.email],
        ['name', m.name],
        ['birthday', m.birthday],
        ['available', m.balance.available],
        ['pending', m.balance.pending],
        ['lifetimeEarned', m.balance.lifetimeEarned],
        ['createdAt', m.createdAt],
      ]);
    });

  members
    .command('import')
    .description('create the members of a CSV file, one row at a time; safe to run again')
    .argument('<csv>', 'the file: a header row, then one member per row')
    .requiredOption('--program <programId>', 'the program to enrol them in')
    .addHelpText(
      'after',
      `
Columns: externalId (required), email, phone, name, birthday (YYYY-MM-DD), and attributes.<key>
for custom attributes. A member that exists already (same externalId) is counted as existing, so a
run that stopped half-way can be run again. Progress goes to stderr, the summary to stdout; the
exit code is 1 when any row failed (each is listed with its line).

Example:
  loyalty members import customers.csv --program 9b1d...7a`,
    )
    .action(async (file: string, opts: { program: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      const summary = await importMembers(client, opts.program, file);
      if (ctx.output.json) printJson(summary);
      else printSummary(summary);
      if (summary.failed.length > 0) process.exitCode = EXIT.other;
    });
}

function printSummary(s: ImportSummary): void {
  process.stdout.write(`created ${s.created}, existing ${s.existing}, failed ${s.failed.length}\n`);
  for (const f of s.failed) note(`line ${f.line}${f.externalId ? ` (${f.externalId})` : ''}: ${f.reason}`);
}
