import path from 'node:path';
import { runProcess, type ProcessRun } from '../../../api/src/testing/run-process.ts';

// The real `loyalty` executable as a child process on this Node (24 under the test runner), with an
// environment holding only what the test gives it. Never synchronous: the API answering it runs in
// the test's own process.

export const CLI_MAIN = path.resolve(import.meta.dirname, '../main.ts');

export type CliRun = ProcessRun;

export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliRun> {
  const path = process.env.PATH ?? '/usr/bin:/bin';
  return runProcess(process.execPath, [CLI_MAIN, ...args], { env: { PATH: path, ...env }, stdin: stdin ?? '' });
}

/** The JSON Lines of a --json run. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}
