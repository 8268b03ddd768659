import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

// autocannon ships no type declarations: this types the part of its programmatic API the bench
// uses (checked against autocannon 9's lib/run.js and lib/requestIterator.js), so the bench
// type-checks without an ambient module declaration.

export interface AutocannonRequest {
  method?: 'POST' | 'GET';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request on a connection; `context` is that connection's (reset per request here, as there is one request template). */
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  /** Called for each complete response, before the connection's next setupRequest. */
  onResponse?: (
    status: number,
    body: string,
    context: Record<string, unknown>,
    headers: Record<string, string | string[]>,
  ) => void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  /** Seconds; autocannon checks it once a second. */
  duration: number;
  pipelining?: number;
  /** Seconds before a request counts as timed out (and its connection is replaced). */
  timeout?: number;
  requests: AutocannonRequest[];
}

export interface AutocannonResult {
  /** Seconds from start to stop, as autocannon measured them. */
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

/** The run: an event emitter ('response' per reply) that is also a promise of the result. */
export interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
  stop(): void;
}

export type Autocannon = (opts: AutocannonOptions) => AutocannonInstance;

// A CommonJS package: loaded with require so its export can be typed above.
const cjs = createRequire(import.meta.url);
export const autocannon = cjs('autocannon') as Autocannon;
