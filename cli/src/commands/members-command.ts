import type { Command } from 'commander';
import { note, printJson, printRecord } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { importMembers, type ImportSummary } from '../member-import.ts';

export function registerMembersCommand(program: Command): void {
  const members = program.command('members').description('members of a program');

  members
    .command('get')
    .description("a member, with its balance: by our id, or by the merchant's customer id in a program")
    .argument('[memberId]', 'the member (our id)')
    .option('--program <programId>', 'with --external-id: the program')
    .option('--external-id <externalId>', "the merchant's customer id")
    .addHelpText(
      'after',
      '\nExamples:\n  loyalty members get 5f0c...e1\n  loyalty members get --program 9b1d...7a --external-id cust-1',
    )
    .action(async (memberId: string | undefined, opts: { program?: string; externalId?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const byExternalId = opts.externalId !== undefined;
      if (byExternalId === (memberId !== undefined) || byExternalId !== (opts.program !== undefined)) {
        throw new UsageError('name the member by <memberId>, or by --program and --external-id');
      }
      const client = await ctx.client();
      const m = await client.call(
        memberId !== undefined
          ? client.api.GET('/v1/members/{memberId}', { params: { path: { memberId } } })
          : client.api.GET('/v1/programs/{programId}/members/by-external-id/{externalId}', {
              params: { path: { programId: opts.program!, externalId: opts.externalId! } },
            }),
      );
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
