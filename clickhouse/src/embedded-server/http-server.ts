// An HTTP endpoint speaking the part of ClickHouse's HTTP interface that
// @clickhouse/client uses, backed by the ClickHouse engine embedded through chdb.
// App code points `createClient({ url: 'http://127.0.0.1:PORT' })` at it exactly
// as at a real server. One process owns the data directory: chdb takes a lock on
// it, so a second server on the same directory fails in listen().

import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeRequestBody, encodeResponseBody } from './compression.ts';
import { ChdbEngine } from './engine.ts';
import { clickHouseError, engineError, errorBody, httpStatusFor, type ClickHouseErrorInfo } from './errors.ts';
import { parseHttpRequest, type QueryRequest } from './request.ts';

export interface EmbeddedClickHouseServerOptions {
  /** Directory holding the databases; created if missing. */
  readonly dataPath: string;
  /** Interface to bind; defaults to 127.0.0.1 (a dev server has no auth). */
  readonly host?: string;
  /** Port to bind; 0 (the default) picks a free one. */
  readonly port?: number;
}

export interface EmbeddedClickHouseServer {
  /** Opens the data directory and starts accepting requests. */
  listen(): Promise<{ port: number }>;
  /** Stops accepting requests, lets running ones finish, releases the data directory. */
  close(): Promise<void>;
}

// Node answers with `Keep-Alive: timeout=10`, which the client reads to retire
// idle sockets before the server drops them (a real server also says 10).
const KEEP_ALIVE_TIMEOUT_MS = 10_000;
const SHUTDOWN_GRACE_MS = 10_000;
const TEXT_PLAIN = 'text/plain; charset=UTF-8';
const BINARY_FORMATS = /^(RowBinary|Native|Parquet|Arrow|ORC|Avro|Protobuf|MsgPack|CapnProto|Npy)/i;

export function createEmbeddedClickHouseServer(options: EmbeddedClickHouseServerOptions): EmbeddedClickHouseServer {
  const { dataPath, host = '127.0.0.1', port = 0 } = options;
  let engine: ChdbEngine | undefined;
  let closing = false;
  const server = http.createServer((req, res) => {
    // Tells keep-alive clients to reconnect elsewhere once shutdown has begun.
    if (closing) res.setHeader('Connection', 'close');
    void handleRequest(req, res, () => engine);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  return {
    async listen() {
      if (engine) throw new Error('The embedded ClickHouse server is already listening');
      mkdirSync(dataPath, { recursive: true });
      const opened = ChdbEngine.open(dataPath);
      try {
        await listenOn(server, host, port);
      } catch (error) {
        await opened.close();
        throw error;
      }
      engine = opened;
      return { port: (server.address() as AddressInfo).port };
    },
    async close() {
      if (!engine) return;
      closing = true;
      await stopServer(server);
      await engine.close();
      engine = undefined;
      closing = false;
    },
  };
}

function listenOn(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Waits for in-flight requests, dropping idle keep-alive sockets straight away. */
function stopServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function handleRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  currentEngine: () => ChdbEngine | undefined,
): Promise<void> {
  const engine = currentEngine();
  try {
    const decoded = await decodeRequestBody(await readBody(req), singleHeader(req.headers['content-encoding']));
    if ('error' in decoded) return sendError(res, decoded.error, engine);
    const parsed = parseHttpRequest({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: decoded.body,
    });
    if (parsed.kind === 'ping') return send(res, 200, { 'Content-Type': TEXT_PLAIN }, Buffer.from('Ok.\n'));
    if (parsed.kind === 'error') return sendError(res, parsed.error, engine);
    if (!engine) return sendError(res, clickHouseError(236, 'ABORTED', 'Server is shutting down'), engine);
    await runQuery(res, parsed.request, engine);
  } catch (error) {
    sendError(res, engineError(error), engine);
  }
}

async function runQuery(res: http.ServerResponse, request: QueryRequest, engine: ChdbEngine): Promise<void> {
  const headers: http.OutgoingHttpHeaders = {
    'X-ClickHouse-Query-Id': request.queryId,
    'X-ClickHouse-Timezone': engine.info.timezone,
  };
  // A request still queued when its client gives up is dropped, as a server
  // cancels the query of a closed connection.
  const abandoned = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });
  let result;
  try {
    result = await engine.execute(request, abandoned.signal);
  } catch (error) {
    return sendError(res, engineError(error), engine, headers);
  }
  const format = responseFormat(request);
  headers['Content-Type'] = contentTypeFor(format);
  headers['X-ClickHouse-Format'] = format;
  headers['X-ClickHouse-Summary'] = JSON.stringify(result.summary);
  let body = result.body;
  if (request.responseEncoding) {
    body = await encodeResponseBody(body, request.responseEncoding);
    headers['Content-Encoding'] = request.responseEncoding;
  }
  send(res, 200, headers, body);
}

function sendError(
  res: http.ServerResponse,
  error: ClickHouseErrorInfo,
  engine: ChdbEngine | undefined,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const body = Buffer.from(errorBody(error, engine?.info.version ?? 'unknown'));
  send(
    res,
    httpStatusFor(error),
    {
      ...headers,
      'Content-Type': TEXT_PLAIN,
      'X-ClickHouse-Exception-Code': String(error.code),
    },
    body,
  );
}

function send(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Length': body.length });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The format the body is in: a trailing FORMAT clause wins over default_format. */
function responseFormat(request: QueryRequest): string {
  if (/^\s*insert\b/i.test(request.sql)) return request.format;
  return /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i.exec(request.sql)?.[1] ?? request.format;
}

// Approximates the server's per-format Content-Type; the client does not read it.
function contentTypeFor(format: string): string {
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format)) return 'text/csv; charset=UTF-8';
  if (BINARY_FORMATS.test(format)) return 'application/octet-stream';
  return TEXT_PLAIN;
}
