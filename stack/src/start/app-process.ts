import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

// One process `npm start` runs (the API, the relay, the sink, the demo history), with its output
// appended to a log file under the stack folder, so the terminal keeps only what a person reads.
// Each runs in its own process group: Ctrl-C reaches the launcher alone, which passes it on
// exactly once (a second SIGINT would cut a graceful shutdown short).

export interface AppProcess {
  name: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves with the exit code (0 after a stop by SIGINT/SIGTERM). */
  exited: Promise<number>;
  running(): boolean;
  /** Sends the signal once; later calls do nothing. */
  stop(signal: NodeJS.Signals): void;
}

export interface RunOptions {
  name: string;
  /** A TypeScript entry point, run by Node's own type stripping. */
  script: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Also hands each output line to this (the terminal); the file gets every line either way. */
  echo?: (line: string) => void;
}

export function runApp(o: RunOptions): AppProcess {
  fs.mkdirSync(path.dirname(o.logFile), { recursive: true });
  fs.appendFileSync(o.logFile, `--- ${new Date().toISOString()} npm start: ${o.name} ---\n`);
  const args = [o.script];
  const child = o.echo ? spawnEchoing(args, o, o.echo) : spawnToFile(args, o);
  let signalled = false;
  return {
    name: o.name,
    logFile: o.logFile,
    child,
    exited: exitOf(child),
    running: () => child.exitCode === null && child.signalCode === null,
    stop(signal) {
      if (signalled || child.exitCode !== null || child.signalCode !== null) return;
      signalled = true;
      child.kill(signal);
    },
  };
}

/** The child writes to the file itself: nothing passes through the launcher. */
function spawnToFile(args: string[], o: RunOptions): ChildProcess {
  const fd = fs.openSync(o.logFile, 'a');
  try {
    return spawn(process.execPath, args, { env: o.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
}

function spawnEchoing(args: string[], o: RunOptions, echo: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, args, { env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = fs.createWriteStream(o.logFile, { flags: 'a' });
  let open = 2;
  for (const stream of [child.stdout!, child.stderr!]) {
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      file.write(`${line}\n`);
      echo(line);
    });
    lines.on('close', () => --open === 0 && file.end());
  }
  return child;
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null) =>
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    if (child.exitCode !== null || child.signalCode !== null) settle(child.exitCode, child.signalCode);
    else child.once('exit', settle);
    child.once('error', () => resolve(1));
  });
}
