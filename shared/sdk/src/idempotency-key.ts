// Every mutating call carries an Idempotency-Key, so a retry (by the SDK or by its caller) can
// never do the work twice. The key is fixed before the first attempt and travels with the
// request, so each retry of it sends the same key. A key the caller chose is kept.

export const IDEMPOTENCY_HEADER = 'idempotency-key';

const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** The request with an Idempotency-Key: the caller's, or a random UUID for a mutating method. */
export function withIdempotencyKey(request: Request): Request {
  if (!MUTATING_METHODS.has(request.method) || request.headers.has(IDEMPOTENCY_HEADER)) return request;
  const headers = new Headers(request.headers);
  headers.set(IDEMPOTENCY_HEADER, crypto.randomUUID());
  return new Request(request, { headers });
}

/** Whether sending the request twice does no more than sending it once. */
export function isRepeatable(request: Request): boolean {
  return IDEMPOTENT_METHODS.has(request.method) || request.headers.has(IDEMPOTENCY_HEADER);
}
