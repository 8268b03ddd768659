// Typed access to the two chdb addon entry points the public `Session` API does
// not expose in the form an HTTP server needs. Both run on the libuv pool against
// a Session's own connection (`session.connection`, public but opaque).
//
// Why not Session.queryBindAsync: it re-encodes every value (formatParamValue
// TSV-escapes strings), but over HTTP the client has already encoded them —
// `it's` arrives as `it\'s`, an array as `['a','b']` — so passing them through
// Session would double-escape. QueryAsyncConnection takes `{ name: text }` and
// binds the text server-side exactly as ClickHouse's `param_<name>` does
// (verified: `a\tb` binds as a tab, `['x\'y']` as Array(String) ["x'y"]).
//
// Why not Session.insert: it builds `INSERT INTO <identifier> FORMAT <whitelisted>`
// itself, while an HTTP insert carries an arbitrary statement (columns, SETTINGS,
// VALUES, any text format). InsertRawAsyncConnection runs `prefix + "\n" + data` with
// the data as a Buffer and reports rows/bytes written. Binary formats do NOT survive: a
// RowBinary body is cut at its first newline byte without an error, so engine.ts refuses them.

import { createRequire } from 'node:module';

export interface NativeQueryResult {
  readonly bytes: Uint8Array;
  /** Seconds. */
  readonly elapsed: number;
  /** Rows in the result set. */
  readonly rowsRead: number;
  /** Bytes of the result set in its in-memory representation. */
  readonly bytesRead: number;
}

export interface NativeInsertResult {
  /** Seconds. */
  readonly elapsed: number;
  readonly rowsWritten: number;
  readonly bytesWritten: number;
}

export interface ChdbNative {
  QueryAsyncConnection(
    connection: unknown,
    sql: string,
    format: string,
    params?: Readonly<Record<string, string>>,
  ): Promise<NativeQueryResult>;
  InsertRawAsyncConnection(
    connection: unknown,
    prefix: string,
    data: Buffer,
    countLines: boolean,
  ): Promise<NativeInsertResult>;
}

let cached: ChdbNative | undefined;

/** Loads the addon through chdb's own loader, so it is the instance `Session` uses. */
export function loadChdbNative(): ChdbNative {
  if (cached) return cached;
  const requireHere = createRequire(import.meta.url);
  // dist/loader.js is not in chdb's `exports` map; a require relative to the
  // package entry file reaches it without going through that map.
  const requireInChdb = createRequire(requireHere.resolve('chdb'));
  const loader = requireInChdb('./dist/loader.js') as { loadNative(): Record<string, unknown> };
  const addon = loader.loadNative();
  for (const name of ['QueryAsyncConnection', 'InsertRawAsyncConnection']) {
    if (typeof addon[name] !== 'function') {
      throw new Error(`chdb native addon has no ${name}; the embedded server needs chdb 3.4`);
    }
  }
  cached = addon as unknown as ChdbNative;
  return cached;
}
