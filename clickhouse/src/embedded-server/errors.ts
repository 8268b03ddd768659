// ClickHouse-shaped errors for the embedded server.
//
// @clickhouse/client treats any non-2xx response as a failure and parses the body
// with /(Code|Error): (\d+).*Exception: (.+?)\(([A-Z0-9_]+)\)/, so every error we
// emit — whether it comes from the engine or from our own request validation —
// has to look like the `Code: N. DB::Exception: message. (NAME)` text a real
// server sends, plus the X-ClickHouse-Exception-Code header.

export interface ClickHouseErrorInfo {
  /** ClickHouse error code, e.g. 62 for SYNTAX_ERROR. */
  readonly code: number;
  /** Full `Code: N. DB::Exception: ... (NAME)` text, without a version suffix. */
  readonly text: string;
  /** Only set when the HTTP status is not derived from the code (e.g. 405). */
  readonly httpStatus?: number;
}

/** Builds an error for a problem we detect ourselves, in the server's wording. */
export function clickHouseError(code: number, name: string, message: string, httpStatus?: number): ClickHouseErrorInfo {
  const text = `Code: ${code}. DB::Exception: ${message}. (${name})`;
  return httpStatus === undefined ? { code, text } : { code, text, httpStatus };
}

// Seen in chdb 3.4: the insert and format paths wrap one exception in itself,
// `Code: 108. DB::Exception: Code: 108. DB::Exception: No data... (version 26.7.2.1). (NO_DATA_TO_INSERT)`.
// A real server reports the innermost exception once, so we unwrap the repeats.
const REPEATED_PREFIX = /^Code: (\d+)\. DB::Exception: (Code: \1\. DB::Exception: [\s\S]*)$/;
const WRAPPER_SUFFIX = /(?: \(version [^()]*(?:\([^()]*\))?[^()]*\)(?:\. \([A-Z0-9_]+\))?)+\s*$/;
const CODE_PREFIX = /^Code: (\d+)\./;

/** Normalises an engine error (a chdb exception or its message) into server form. */
export function engineError(error: unknown): ClickHouseErrorInfo {
  let text = (error instanceof Error ? error.message : String(error)).trim();
  for (let m = REPEATED_PREFIX.exec(text); m?.[2]; m = REPEATED_PREFIX.exec(text)) text = m[2];
  text = text.replace(WRAPPER_SUFFIX, '');
  const code = Number(CODE_PREFIX.exec(text)?.[1] ?? Number.NaN);
  if (Number.isInteger(code)) return { code, text };
  // Not an engine exception (e.g. a binding failure): still answer in server form
  // so the client surfaces it as a ClickHouseError rather than an opaque 500.
  return clickHouseError(1001, 'STD_EXCEPTION', text.replace(/\.$/, ''));
}

// A subset of ClickHouse's exceptionCodeToHTTPStatus; everything else is 500,
// which is also what the server does for codes it does not list.
const STATUS_BY_CODE = new Map<number, number>([
  ...[6, 25, 26, 27, 36, 38, 41, 49, 53, 62, 72, 117, 167, 168, 223, 456, 457].map((code): [number, number] => [
    code,
    400,
  ]),
  ...[192, 193, 194, 516].map((code): [number, number] => [code, 401]),
  ...[164, 497].map((code): [number, number] => [code, 403]),
  ...[46, 47, 50, 56, 60, 63, 73, 81, 115].map((code): [number, number] => [code, 404]),
  [48, 501],
]);

export function httpStatusFor(error: ClickHouseErrorInfo): number {
  return error.httpStatus ?? STATUS_BY_CODE.get(error.code) ?? 500;
}

/** The response body: the exception text plus the version suffix a server appends. */
export function errorBody(error: ClickHouseErrorInfo, engineVersion: string): string {
  return `${error.text} (version ${engineVersion} (chdb))\n`;
}
