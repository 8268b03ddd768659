import { formatTable, type Cell } from './table-format.ts';

// Data goes to stdout, everything else to stderr. With --json, stdout holds the API's answers
// as they came: one JSON document per line (a list: one item per line, JSON Lines, written as
// its pages arrive), so `jq` reads any of it and a long list is never held whole.

export interface OutputOptions {
  json: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function printLine(text: string): void {
  process.stdout.write(text + '\n');
}

export function note(text: string): void {
  process.stderr.write(text + '\n');
}

/** A list: JSON Lines with --json (streamed), an aligned table otherwise (after the last page). */
export async function printList<T>(
  items: AsyncIterable<T>,
  options: OutputOptions,
  columns: readonly string[],
  row: (item: T) => Cell[],
): Promise<void> {
  const rows: Cell[][] = [];
  for await (const item of items) {
    if (options.json) printJson(item);
    else rows.push(row(item));
  }
  if (!options.json) process.stdout.write(formatTable(columns, rows));
}

/** One object: its JSON with --json, `key: value` lines otherwise. */
export function printRecord(value: unknown, options: OutputOptions, fields: readonly [string, Cell][]): void {
  if (options.json) printJson(value);
  else process.stdout.write(formatTable(['field', 'value'], fields).split('\n').slice(1).join('\n'));
}
