import { spawn } from 'node:child_process';

// Examples tests run scripts and the CLI as child processes; never synchronously, because the API
// answering them lives in the test's own process.

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin, which is then closed; without it stdin is ignored. */
  stdin?: string;
}

export function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}

/** A script in `bash -euo pipefail`, as a reader's terminal that stops at the first error. */
export function runBash(script: string, options: RunOptions): Promise<ProcessRun> {
  return runProcess('bash', ['-euo', 'pipefail', '-c', script], options);
}
