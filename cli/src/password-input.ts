import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from './exit-codes.ts';

// The password of `loyalty login`: never a command-line value (it would sit in the shell's
// history and in `ps`). Read from stdin with --password-stdin, or asked for in a terminal
// without echoing what is typed.

export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return passwordFromStdin();
  if (!process.stdin.isTTY) {
    throw new UsageError('no terminal to ask for the password in: pipe it with --password-stdin');
  }
  return promptWithoutEcho('Password: ');
}

async function passwordFromStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('--password-stdin read an empty password');
  return password;
}

function promptWithoutEcho(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  // readline echoes through its output stream: give it one that drops everything.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
