// The chdb side of the embedded server: owns the data directory and runs one
// parsed HTTP request at a time.
//
// Isolation: every request gets its own chdb connection (a `Session` on the same
// path — cheap, ~1 ms, and allowed by chdb, which shares one engine between
// same-path connections). `USE` and `SET` are per-connection state in chdb, so a
// request's database and settings apply to that statement only and vanish with
// its connection; nothing leaks to the next request.
//
// Serialisation: requests run strictly one after another through a FIFO queue.
// chdb documents that parameter binding races across connections under real
// concurrency (wrong values, or an engine abort), and a request is several calls
// (USE, SET, statement) that must not interleave with another request's.

import { drainPending, Session } from 'chdb';
import { loadChdbNative, type ChdbNative, type NativeQueryResult } from './chdb-native.ts';
import { clickHouseError, engineError, type ClickHouseErrorInfo } from './errors.ts';
import type { QueryRequest } from './request.ts';

/** The X-ClickHouse-Summary header object; ClickHouse sends every number as a string. */
export interface QuerySummary {
  read_rows: string;
  read_bytes: string;
  written_rows: string;
  written_bytes: string;
  total_rows_to_read: string;
  result_rows: string;
  result_bytes: string;
  elapsed_ns: string;
}

export interface ExecutionResult {
  readonly body: Buffer;
  readonly summary: QuerySummary;
}

export interface EngineInfo {
  readonly version: string;
  readonly timezone: string;
}

// clickhouse-local (which chdb is) changes a few server defaults. implicit_select
// would make a bare expression like `1+1` a valid query, which a server rejects.
const SERVER_DEFAULT_SETTINGS: Readonly<Record<string, string>> = { implicit_select: '0' };
const INSERT_STATEMENT = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*insert\b/i;
// chdb's raw insert cuts a binary body at its first newline byte and reports success (seen with
// RowBinary: 10 of 20,000 rows stored, no error). Text formats are line-safe; binary input
// formats are refused rather than silently truncated.
const BINARY_INPUT_FORMAT =
  /\bFORMAT\s+(RowBinary\w*|Native|Parquet|Arrow\w*|ORC|Avro|Protobuf\w*|CapnProto|MsgPack|BSONEachRow|Npy)\s*$/i;
const NO_DATA_TO_INSERT = 108;

export class ChdbEngine {
  readonly info: EngineInfo;
  readonly #dataPath: string;
  readonly #native: ChdbNative;
  // Held for the server's lifetime: it takes chdb's lock on the data directory
  // (a second process fails here, not on its first query) and keeps the engine
  // loaded while per-request connections come and go.
  readonly #anchor: Session;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(dataPath: string, native: ChdbNative, anchor: Session, info: EngineInfo) {
    this.#dataPath = dataPath;
    this.#native = native;
    this.#anchor = anchor;
    this.info = info;
  }

  /** Opens the data directory; throws if another process holds it. */
  static open(dataPath: string): ChdbEngine {
    const native = loadChdbNative();
    let anchor: Session;
    try {
      anchor = new Session(dataPath);
    } catch (error) {
      // chdb prints the engine's reason (e.g. "Cannot lock file .../status") to
      // stderr itself; its exception only says the connection failed.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot open data directory ${dataPath}; is another process using it? (${reason})`, {
        cause: error,
      });
    }
    try {
      const [version = 'unknown', timezone = 'UTC'] = anchor
        .query('SELECT version(), timezone()', 'TabSeparated')
        .trim()
        .split('\t');
      return new ChdbEngine(dataPath, native, anchor, { version, timezone });
    } catch (error) {
      anchor.close();
      throw error;
    }
  }

  /** Queues a request; rejects with the engine's error. Skipped if `signal` aborts first. */
  execute(request: QueryRequest, signal?: AbortSignal): Promise<ExecutionResult> {
    if (this.#closed) {
      return Promise.reject(asError(clickHouseError(236, 'ABORTED', 'Server is shutting down')));
    }
    const result = this.#tail.then(() => {
      if (signal?.aborted) {
        throw asError(clickHouseError(394, 'QUERY_WAS_CANCELLED', 'Client went away before the query started'));
      }
      return this.#run(request);
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued requests, then releases the data directory. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    this.#anchor.close();
    // Lets a later open of this or another directory in the same process succeed.
    await drainPending();
  }

  async #run(request: QueryRequest): Promise<ExecutionResult> {
    const session = new Session(this.#dataPath);
    try {
      if (request.database !== undefined) {
        await session.queryAsync(`USE ${quoteIdentifier(request.database)}`);
      }
      await session.queryAsync(setStatement(effectiveSettings(request)));
      return await this.#runStatement(session, request);
    } finally {
      session.close();
    }
  }

  async #runStatement(session: Session, request: QueryRequest): Promise<ExecutionResult> {
    const { sql, data, params, format } = request;
    const hasParams = Object.keys(params).length > 0;
    if (INSERT_STATEMENT.test(sql) && !hasParams) {
      const binary = BINARY_INPUT_FORMAT.exec(sql.trim());
      if (binary) {
        throw new Error(
          `Code: 48. DB::Exception: the embedded server does not accept binary insert formats (${binary[1]}): its engine cuts binary bodies short; use a text format such as JSONEachRow or TabSeparated. (NOT_IMPLEMENTED)`,
        );
      }
      try {
        const written = await this.#native.InsertRawAsyncConnection(
          session.connection,
          sql,
          data ?? Buffer.alloc(0),
          false,
        );
        return insertResult(written.rowsWritten, written.bytesWritten, written.elapsed);
      } catch (error) {
        // An insert whose body is empty is a no-op on a server; chdb, being
        // clickhouse-local, reports it as NO_DATA_TO_INSERT instead.
        if (engineError(error).code === NO_DATA_TO_INSERT) return insertResult(0, 0, 0);
        throw error;
      }
    }
    // Same concatenation the server does when the statement continues in the body.
    const text = data ? `${sql}\n${data.toString('utf8')}` : sql;
    const result = hasParams
      ? await this.#native.QueryAsyncConnection(session.connection, text, format, params)
      : await publicQuery(session, text, format);
    const { bytes } = result;
    return selectResult(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), result);
  }
}

/** Session.queryAsync (the public path) in the addon's result shape. */
async function publicQuery(session: Session, sql: string, format: string): Promise<NativeQueryResult> {
  const result = await session.queryAsync(sql, { format });
  return { bytes: result.bytes(), elapsed: result.elapsed, rowsRead: result.rowsRead, bytesRead: result.bytesRead };
}

/** Settings for this statement: server defaults, then the request's, then readonly for GET. */
function effectiveSettings(request: QueryRequest): Record<string, string> {
  const settings = { ...SERVER_DEFAULT_SETTINGS, ...request.settings };
  // A server runs GET with readonly=2 (reads only, settings still changeable)
  // unless the request asked for the stricter readonly=1.
  if (request.readonly && settings.readonly !== '1') settings.readonly = '2';
  return settings;
}

/**
 * One SET for all settings. Names were validated as identifiers by the request
 * parser; values go in as string literals, which ClickHouse converts to each
 * setting's type exactly as it does URL values (and rejects unknown names with
 * UNKNOWN_SETTING, as the server does).
 */
function setStatement(settings: Readonly<Record<string, string>>): string {
  const assignments = Object.entries(settings).map(([name, value]) => `${name} = ${quoteString(value)}`);
  return `SET ${assignments.join(', ')}`;
}

function asError(info: ClickHouseErrorInfo): Error {
  return new Error(info.text);
}

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function insertResult(rows: number, bytes: number, elapsedSeconds: number): ExecutionResult {
  return {
    body: Buffer.alloc(0),
    summary: summary({ read: [rows, bytes], written: [rows, bytes], result: [rows, bytes], elapsedSeconds }),
  };
}

function selectResult(body: Buffer, stats: { rowsRead: number; bytesRead: number; elapsed: number }): ExecutionResult {
  // chdb reports only result-set counters; they stand in for read_* as well.
  const counters: [number, number] = [stats.rowsRead, stats.bytesRead];
  return {
    body,
    summary: summary({ read: counters, written: [0, 0], result: counters, elapsedSeconds: stats.elapsed }),
  };
}

function summary(counters: {
  read: [number, number];
  written: [number, number];
  result: [number, number];
  elapsedSeconds: number;
}): QuerySummary {
  return {
    read_rows: String(counters.read[0]),
    read_bytes: String(counters.read[1]),
    written_rows: String(counters.written[0]),
    written_bytes: String(counters.written[1]),
    total_rows_to_read: '0',
    result_rows: String(counters.result[0]),
    result_bytes: String(counters.result[1]),
    elapsed_ns: String(Math.max(0, Math.round(counters.elapsedSeconds * 1e9))),
  };
}
