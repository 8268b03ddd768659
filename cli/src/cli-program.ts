import { Command, CommanderError, Option } from 'commander';
import { registerKeysCommand } from './commands/keys-command.ts';
import { registerMembersCommand } from './commands/members-command.ts';
import { registerOrdersCommand } from './commands/orders-command.ts';
import { registerPointsCommand } from './commands/points-command.ts';
import { registerProgramsCommand } from './commands/programs-command.ts';
import { registerReportsCommand } from './commands/reports-command.ts';
import { registerSessionCommands } from './commands/session-commands.ts';
import { note } from './cli-output.ts';
import { CsvSyntaxError } from './csv-records.ts';
import { errorMessageOf, EXIT, EXIT_CODES_HELP, exitCodeOf, type ExitCode } from './exit-codes.ts';
import { MembersCsvError } from './member-rows.ts';

// The `loyalty` command: its options, commands and help, and the exit code of a run.

export function cliProgram(): Command {
  const program = new Command('loyalty')
    .description('The Loyalty Studio API from the command line, for integrators.')
    .version('0.1.0')
    .option('--json', "print the API's JSON answers (one per line; a list: one item per line)")
    .addOption(new Option('--api-key <key>', 'an API key (never stored)').env('LOYALTY_API_KEY'))
    .addOption(
      new Option('--api-url <url>', 'the API, such as https://api.example.com (for login and API keys)').env(
        'LOYALTY_API_URL',
      ),
    )
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      'after',
      `
Authentication: loyalty login (a console user; the session is stored), or an API key in
LOYALTY_API_KEY / --api-key with LOYALTY_API_URL / --api-url (for scripts).

${EXIT_CODES_HELP}

Example:
  loyalty --json programs`,
    );
  registerSessionCommands(program);
  registerKeysCommand(program);
  registerProgramsCommand(program);
  registerMembersCommand(program);
  registerPointsCommand(program);
  registerOrdersCommand(program);
  registerReportsCommand(program);
  for (const command of program.commands) applyToTree(command);
  return program;
}

/** Subcommands throw instead of exiting, like the root, so runCli picks every exit code. */
function applyToTree(command: Command): void {
  command.exitOverride().configureOutput({ outputError: (text, write) => write(text) });
  for (const sub of command.commands) applyToTree(sub);
}

export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  const program = cliProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return (process.exitCode as ExitCode | undefined) ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    if (err instanceof CsvSyntaxError || err instanceof MembersCsvError) {
      note(`error: ${err.message}`);
      return EXIT.usage;
    }
    note(errorMessageOf(err));
    return exitCodeOf(err);
  }
}

function commanderExit(err: CommanderError): ExitCode {
  const helpOrVersion = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
  if (helpOrVersion.includes(err.code)) return EXIT.ok;
  // Commander already printed its message (unknown option, missing argument, ...).
  return EXIT.usage;
}
