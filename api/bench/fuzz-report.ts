import fs from 'node:fs';
import readline from 'node:readline';

// Reads Schemathesis' NDJSON event stream (one event per line) into per-check tallies and the
// distinct failures, then prints them next to the target (0) like the other benches.

// Checks whose failure means the server broke or answered outside its own document: they decide
// the exit code. The others (data the server accepts or rejects against the schema, methods it
// does not declare...) say the document does not yet state every rule: listed, not fatal.
export const FATAL_CHECKS = new Set([
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'use_after_free',
  'ignored_auth',
]);

export interface Failure {
  check: string;
  operation: string;
  title: string;
  /** The first line of Schemathesis' message: what tells two failures apart. */
  message: string;
  cases: number;
}

export interface RunTally {
  name: string;
  requests: number;
  operations: Set<string>;
  /** check name → failed test cases. */
  failedCases: Map<string, number>;
  /** check name → test cases it ran on. */
  checkedCases: Map<string, number>;
  failures: Map<string, Failure>;
  /** Failures the hooks dropped as false positives (api/bench/schemathesis-hooks.py filter_failure). */
  filtered: number;
  errors: string[];
}

interface CheckResult {
  name: string;
  status: string;
  failure_info?: { failure?: { operation?: string; title?: string; message?: string } };
}

interface Interaction {
  response?: { status_code?: number; content?: string | { $base64?: string } };
}

interface ScenarioRecorder {
  label: string;
  checks?: Record<string, CheckResult[]>;
  interactions?: Record<string, Interaction>;
}

/** `400 invalid body: ...`: what the server said, which tells a generic check message apart. */
function answered(interaction: Interaction | undefined): string {
  const response = interaction?.response;
  if (!response) return '';
  const raw = response.content;
  const text = typeof raw === 'string' ? raw : raw?.$base64 ? Buffer.from(raw.$base64, 'base64').toString() : '';
  let said = text.slice(0, 160);
  try {
    said = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? said;
  } catch {
    // Not JSON (CSV, plain text): the start of the body will do.
  }
  // Quoted values the fuzzer invented would make every case distinct.
  return `${response.status_code ?? ''} ${said.replace(/"[^"]*"/g, '"…"')}`.trim();
}

function addCheck(t: RunTally, label: string, c: CheckResult, interaction: Interaction | undefined): void {
  t.checkedCases.set(c.name, (t.checkedCases.get(c.name) ?? 0) + 1);
  if (c.status !== 'failure') return;
  t.failedCases.set(c.name, (t.failedCases.get(c.name) ?? 0) + 1);
  const f = c.failure_info?.failure ?? {};
  const operation = f.operation ?? label;
  const firstLine = (f.message ?? '').split('\n')[0]!.slice(0, 200);
  const message =
    c.name === 'positive_data_acceptance' || c.name === 'negative_data_rejection' ? answered(interaction) : firstLine;
  const key = `${c.name}\0${operation}\0${message}`;
  const known = t.failures.get(key);
  if (known) known.cases += 1;
  else t.failures.set(key, { check: c.name, operation, title: f.title ?? '', message, cases: 1 });
}

// Scenario labels are `METHOD /path`, except the stateful phase's, which spans operations.
const OPERATION_LABEL = /^[A-Z]+ \//;

function addScenario(t: RunTally, recorder: ScenarioRecorder): void {
  if (OPERATION_LABEL.test(recorder.label)) t.operations.add(recorder.label);
  const interactions = recorder.interactions ?? {};
  t.requests += Object.keys(interactions).length;
  for (const [caseId, results] of Object.entries(recorder.checks ?? {}))
    for (const c of results) addCheck(t, recorder.label, c, interactions[caseId]);
}

/** The failures the hooks' filter_failure dropped, from a run's JSON report (its `filtered`). */
export function readFiltered(jsonReport: string): number {
  if (!fs.existsSync(jsonReport)) return 0;
  return (JSON.parse(fs.readFileSync(jsonReport, 'utf8')) as { filtered?: number }).filtered ?? 0;
}

export async function readNdjson(name: string, file: string): Promise<RunTally> {
  const t: RunTally = {
    name,
    requests: 0,
    operations: new Set(),
    failedCases: new Map(),
    checkedCases: new Map(),
    failures: new Map(),
    filtered: 0,
    errors: [],
  };
  for await (const line of readline.createInterface({ input: fs.createReadStream(file) })) {
    if (!line) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const finished = event.ScenarioFinished;
    if (finished?.recorder) addScenario(t, finished.recorder as ScenarioRecorder);
    const errored = event.NonFatalError ?? event.FatalError;
    if (errored)
      t.errors.push(`${String(errored.label ?? '')} ${JSON.stringify(errored.info ?? errored).slice(0, 300)}`);
  }
  return t;
}

/** Every check that ran in any run, the fatal ones first. */
function checkNames(runs: RunTally[]): string[] {
  const names = new Set(runs.flatMap((r) => [...r.checkedCases.keys()]));
  return [...names].sort((a, b) => Number(FATAL_CHECKS.has(b)) - Number(FATAL_CHECKS.has(a)) || a.localeCompare(b));
}

const sum = (runs: RunTally[], f: (r: RunTally) => number) => runs.reduce((s, r) => s + f(r), 0);

/** Prints the table and the grouped failures; true when no fatal check failed. */
export function printFuzzReport(runs: RunTally[]): boolean {
  const operations = new Set(runs.flatMap((r) => [...r.operations]));
  console.log('\n=== schemathesis fuzz ===');
  for (const r of runs) console.log(`  ${r.name}: ${r.requests} requests over ${r.operations.size} operations`);
  console.log(`  total: ${sum(runs, (r) => r.requests)} requests, ${operations.size} operations`);

  const row = (c: string[]) =>
    `  ${c[0]!.padEnd(30)} ${c[1]!.padStart(8)} ${c[2]!.padStart(9)} ${c[3]!.padStart(7)}  ${c[4]!.padEnd(4)}  ${c[5]}`;
  console.log(row(['check', 'checked', 'failed', 'target', '', 'kind']));
  let pass = true;
  for (const name of checkNames(runs)) {
    const failed = sum(runs, (r) => r.failedCases.get(name) ?? 0);
    const checked = sum(runs, (r) => r.checkedCases.get(name) ?? 0);
    const fatal = FATAL_CHECKS.has(name);
    if (fatal && failed > 0) pass = false;
    const kind = fatal ? 'server/response (fails the run)' : 'contract completeness';
    console.log(row([name, String(checked), String(failed), '0', failed === 0 ? 'PASS' : 'MISS', kind]));
  }
  printFailures(runs);
  console.log(
    `\n  failures the hooks dropped as known false positives (schemathesis-hooks.py filter_failure): ${sum(runs, (r) => r.filtered)}`,
  );
  const errors = runs.flatMap((r) => r.errors);
  if (errors.length > 0) {
    console.log(`\n  Schemathesis errors (an operation not fully tested): ${errors.length}`);
    for (const e of errors.slice(0, 10)) console.log(`    ${e}`);
  }
  return pass;
}

function printFailures(runs: RunTally[]): void {
  const failures = runs.flatMap((r) => [...r.failures.values()]);
  if (failures.length === 0) return;
  console.log(`\n  distinct failures (${failures.length} operation × answer pairs), by check and answer:`);
  for (const [check, list] of Map.groupBy(failures, (f) => f.check)) {
    console.log(`  ${check} (${list.length}${FATAL_CHECKS.has(check) ? ', fails the run' : ''})`);
    // One line per answer: the same cause (a QUERY answered 400, say) seen on many operations.
    for (const [message, same] of Map.groupBy(list, (f) => f.message || f.title)) {
      const ops = same.map((f) => f.operation).sort();
      const shown = ops.length > 4 ? `${ops.slice(0, 4).join(', ')} and ${ops.length - 4} more` : ops.join(', ');
      console.log(`    ${message.slice(0, 140)}\n      on ${shown}`);
    }
  }
}
