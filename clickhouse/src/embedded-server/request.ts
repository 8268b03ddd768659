// Pure translation of an HTTP request into what the engine has to run, following
// the ClickHouse HTTP interface (https://clickhouse.com/docs/interfaces/http) as
// far as @clickhouse/client and curl-style use need it. No I/O here: the caller
// has already read (and, for Content-Encoding, decompressed) the body.

import { randomUUID } from 'node:crypto';
import { clickHouseError, type ClickHouseErrorInfo } from './errors.ts';
import { multipartBoundary, parseMultipart } from './multipart.ts';

export interface HttpRequestInput {
  readonly method: string;
  /** Request target as received: path plus query string. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer | string;
}

export type ResponseEncoding = 'gzip' | 'deflate' | 'br';

export interface QueryRequest {
  /** Statement text: the URL `query` parameter if present, else the body. */
  readonly sql: string;
  /**
   * Body bytes that continue `sql` when both are given (an insert's rows). The
   * server runs `sql + "\n" + data`; kept as bytes so binary formats survive.
   */
  readonly data?: Buffer;
  /** Current database for the statement; undefined keeps `default`. */
  readonly database?: string;
  /** Output format when the statement has no FORMAT clause. */
  readonly format: string;
  /** ClickHouse settings for this statement only. */
  readonly settings: Readonly<Record<string, string>>;
  /** `{name:Type}` bindings, as the raw escaped text the client sent. */
  readonly params: Readonly<Record<string, string>>;
  readonly queryId: string;
  /** GET requests may only read (the server runs them with readonly=2). */
  readonly readonly: boolean;
  /** Set when the response must be compressed (enable_http_compression=1 + Accept-Encoding). */
  readonly responseEncoding?: ResponseEncoding;
}

export type ParsedRequest =
  | { readonly kind: 'ping' }
  | { readonly kind: 'query'; readonly request: QueryRequest }
  | { readonly kind: 'error'; readonly error: ClickHouseErrorInfo };

// URL parameters the server consumes itself; none of them is a setting.
const IGNORED_PARAMS = new Set([
  'user',
  'password',
  'quota_key',
  'role',
  'stacktrace',
  'buffer_size',
  'wait_end_of_query',
  'session_id',
  'session_timeout',
  'session_check',
  'close_session',
  'client_protocol_version',
]);
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORMAT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PING_PATHS = new Set(['/ping', '/replicas_status']);

export function parseHttpRequest(input: HttpRequestInput): ParsedRequest {
  const method = input.method.toUpperCase();
  const url = new URL(input.url, 'http://embedded.invalid');
  if (PING_PATHS.has(url.pathname)) return { kind: 'ping' };
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
    return fail(clickHouseError(36, 'BAD_ARGUMENTS', `HTTP method ${method} is not allowed`, 405));
  }
  const readonly = method !== 'POST';
  let body = readonly ? Buffer.alloc(0) : toBuffer(input.body);
  let entries = [...url.searchParams.entries()];
  const boundary = readonly ? undefined : multipartBoundary(header(input.headers, 'content-type'));
  if (boundary !== undefined) {
    // Multipart fields are URL parameters moved into the body (long param_* values).
    const fields = parseMultipart(body.toString('utf8'), boundary);
    if (!fields) return fail(clickHouseError(36, 'BAD_ARGUMENTS', 'Malformed multipart/form-data body'));
    const file = fields.find((field) => field.filename !== undefined);
    if (file) return fail(notImplemented(`External table '${file.name}' in a multipart body`));
    entries = [...entries, ...fields.map((field): [string, string] => [field.name, field.value])];
    body = Buffer.alloc(0);
  }
  const urlQuery = entries.find(([key]) => key === 'query')?.[1] ?? '';
  // A bare GET / is the server's health check, answered with "Ok.".
  if (readonly && urlQuery === '') return { kind: 'ping' };
  return buildQueryRequest(input.headers, entries, urlQuery, body, readonly);
}

function buildQueryRequest(
  headers: HttpRequestInput['headers'],
  entries: ReadonlyArray<[string, string]>,
  urlQuery: string,
  body: Buffer,
  readonly: boolean,
): ParsedRequest {
  const split = splitParameters(entries);
  if ('error' in split) return fail(split.error);
  const { settings, params, special } = split;
  const sql = urlQuery !== '' ? urlQuery : body.toString('utf8');
  if (sql.trim() === '') return fail(clickHouseError(62, 'SYNTAX_ERROR', 'Empty query'));
  const format = special.get('default_format') ?? header(headers, 'x-clickhouse-format') ?? 'TabSeparated';
  if (!FORMAT_NAME.test(format)) return fail(clickHouseError(73, 'UNKNOWN_FORMAT', `Unknown format ${format}`));
  const database = special.get('database') ?? header(headers, 'x-clickhouse-database');
  const responseEncoding = isTruthy(settings.enable_http_compression)
    ? pickEncoding(header(headers, 'accept-encoding'))
    : undefined;
  const request: QueryRequest = {
    sql,
    ...(urlQuery !== '' && body.length > 0 ? { data: body } : {}),
    ...(database ? { database } : {}),
    format,
    settings,
    params,
    queryId: special.get('query_id') || randomUUID(),
    readonly,
    ...(responseEncoding ? { responseEncoding } : {}),
  };
  return { kind: 'query', request };
}

interface SplitParameters {
  settings: Record<string, string>;
  params: Record<string, string>;
  special: Map<string, string>;
}

/** Sorts URL parameters into settings, query parameters and server-level options. */
function splitParameters(entries: ReadonlyArray<[string, string]>): SplitParameters | { error: ClickHouseErrorInfo } {
  const settings: Record<string, string> = {};
  const params: Record<string, string> = {};
  const special = new Map<string, string>();
  for (const [key, value] of entries) {
    if (key === '' || key === 'query' || IGNORED_PARAMS.has(key)) continue;
    if (key === 'database' || key === 'default_format' || key === 'query_id') {
      special.set(key, value);
    } else if (key.startsWith('param_') && key.length > 'param_'.length) {
      params[key.slice('param_'.length)] = value;
    } else if (key === 'compress' || key === 'decompress') {
      if (isTruthy(value)) return { error: notImplemented(`${key}=1 (native block compression)`) };
    } else if (!SETTING_NAME.test(key)) {
      // Names are spliced into a SET statement, so anything but an identifier is refused.
      return { error: clickHouseError(115, 'UNKNOWN_SETTING', `Unknown setting '${key}'`) };
    } else {
      settings[key] = value;
    }
  }
  return { settings, params, special };
}

/** Picks the first encoding in Accept-Encoding that node:zlib can produce. */
export function pickEncoding(acceptEncoding: string | undefined): ResponseEncoding | undefined {
  for (const token of (acceptEncoding ?? '').split(',')) {
    const name = token.split(';')[0]?.trim().toLowerCase();
    if (name === 'gzip' || name === 'deflate' || name === 'br') return name;
  }
  return undefined;
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}

function header(headers: HttpRequestInput['headers'], name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === '' ? undefined : first;
}

function toBuffer(body: Buffer | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

function notImplemented(what: string): ClickHouseErrorInfo {
  return clickHouseError(48, 'NOT_IMPLEMENTED', `${what} is not supported by the embedded server`);
}

function fail(error: ClickHouseErrorInfo): ParsedRequest {
  return { kind: 'error', error };
}
