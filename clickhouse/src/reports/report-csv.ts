import type { ReportColumn } from './compile-report.ts';

// Report rows as CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a
// comma, quote, CR or LF, quotes doubled inside. Numbers go out as-is; NULL is an empty field.
//
// Exports are opened in spreadsheets, and a text cell starting with = + - @ (or a tab / CR,
// which some of them strip first) is run as a formula there: "=HYPERLINK(...)" in a reward id
// or an order reference would be live. Such text cells get a leading apostrophe (OWASP's
// advice), which spreadsheets show as plain text. Only text is guarded: a measure's -40 stays
// a number, so sums still work.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export interface ReportCsvOptions {
  /** Default true; turn off only for machine consumers that never open the file in a spreadsheet. */
  guardFormulas?: boolean;
}

export function reportToCsv(
  columns: readonly ReportColumn[],
  rows: readonly Record<string, unknown>[],
  options: ReportCsvOptions = {},
): string {
  const guard = options.guardFormulas ?? true;
  const lines = [columns.map((c) => csvField(c.name, guard)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.name], guard)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: unknown, guard: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // 64-bit integers arrive as JSON strings from ClickHouse by default: keep them as numbers.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
  return csvField(typeof value === 'string' ? value : JSON.stringify(value), guard);
}

/** One text field: formula-guarded, then quoted when needed. */
export function csvField(text: string, guardFormulas = true): string {
  const safe = guardFormulas && FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
