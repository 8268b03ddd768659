import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// One Schemathesis run as a child process (stack/bin/schemathesis.sh installs the pinned version
// on first use). Its console output goes to a log file beside the reports: it is long, and the
// bench prints its own summary from the NDJSON events.

export interface SchemathesisRun {
  name: string;
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  schemaUrl: string;
  baseUrl: string;
  apiKey: string;
  configFile: string;
  reportDir: string;
  /** Extra `st run` arguments: phases, filters, bounds. */
  args: string[];
}

export interface SchemathesisResult {
  exitCode: number | null;
  ndjson: string;
  log: string;
}

/** Installs Schemathesis if needed, before any API is started, so its output comes first. */
export function ensureSchemathesis(repoRoot: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repoRoot, 'stack/bin/schemathesis.sh')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`installing Schemathesis failed (${code})`)),
    );
  });
}

export function runSchemathesis(run: SchemathesisRun): Promise<SchemathesisResult> {
  fs.mkdirSync(run.reportDir, { recursive: true });
  const ndjson = path.join(run.reportDir, `${run.name}.ndjson`);
  const log = path.join(run.reportDir, `${run.name}.log`);
  const args = [
    ...['--config-file', run.configFile, 'run', run.schemaUrl, '--url', run.baseUrl],
    ...['-H', `Authorization: Bearer ${run.apiKey}`, '--checks', 'all', '--no-color'],
    ...['--request-timeout', '30', '--report', 'ndjson,json', '--report-dir', run.reportDir],
    ...['--report-ndjson-path', ndjson, '--report-json-path', path.join(run.reportDir, `${run.name}.json`)],
    ...run.args,
  ];
  const out = fs.openSync(log, 'w');
  // The working directory is the report dir: Schemathesis writes .hypothesis/ there, not in the repo.
  const child = spawn('bash', [path.join(run.repoRoot, 'stack/bin/schemathesis.sh'), ...args], {
    cwd: run.reportDir,
    env: run.env,
    stdio: ['ignore', out, out],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      fs.closeSync(out);
      resolve({ exitCode, ndjson, log });
    });
  });
}

/** Schemathesis' own last line (`== N failures ... in Ns ==`), for the progress output. */
export function lastLine(log: string): string {
  const lines = fs.readFileSync(log, 'utf8').trimEnd().split('\n');
  return lines.at(-1)?.replace(/^=+ | =+$/g, '') ?? '';
}
