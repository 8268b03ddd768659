// Standard Webhooks (https://www.standardwebhooks.com) signature checks, on Web Crypto so they
// run in browsers as in Node. A delivery is `webhook-id`, `webhook-timestamp` (Unix seconds) and
// `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256>` signatures (several while the
// secret rotates) of `${id}.${timestamp}.${body}` under the endpoint secret `whsec_<base64>`.
// The timestamp must be within the tolerance of now either way, which stops replays of old
// deliveries; signatures are compared in constant time.

export type WebhookVerificationFailure =
  'missing_header' | 'invalid_timestamp' | 'timestamp_out_of_tolerance' | 'invalid_signature' | 'invalid_payload';

export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationFailure;

  constructor(reason: WebhookVerificationFailure, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** The raw body exactly as received: verify before parsing. */
  payload: string | Uint8Array;
  headers: WebhookHeaders;
  /** The endpoint's signing secret, `whsec_<base64>` (the bare base64 is accepted too). */
  secret: string;
  /** How far the delivery's timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  /** The time to check against (default: the clock). */
  now?: Date;
}

export interface VerifiedWebhook {
  id: string;
  /** The delivery's timestamp. */
  timestamp: Date;
  /** The body, parsed as JSON. */
  payload: unknown;
}

const SECRET_PREFIX = 'whsec_';
const encoder = new TextEncoder();

/** The delivery, if its signature and timestamp hold; throws WebhookVerificationError otherwise. */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<VerifiedWebhook> {
  const { payload, headers, secret, toleranceSeconds = 300 } = options;
  const key = secretKey(secret);
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not a Unix time in seconds');
  }
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `webhook-timestamp is more than ${toleranceSeconds} s from now`,
    );
  }
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const expected = await hmacSha256(key, concat(encoder.encode(`${id}.${timestamp}.`), body));
  const matches = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .some((s) => constantTimeEqual(decodeBase64(s.slice(3)), expected));
  if (!matches) throw new WebhookVerificationError('invalid_signature', 'no webhook-signature matches the payload');
  return { id, timestamp: new Date(Number(timestamp) * 1000), payload: parseJson(body) };
}

function header(headers: WebhookHeaders, name: string): string {
  let value: string | string[] | null | undefined;
  if (headers instanceof Headers) value = headers.get(name);
  else value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const text = Array.isArray(value) ? value.join(' ') : value;
  if (!text) throw new WebhookVerificationError('missing_header', `the ${name} header is missing`);
  return text;
}

function secretKey(secret: string): Uint8Array<ArrayBuffer> {
  const key = decodeBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  // A wrong secret is a configuration mistake, not a bad delivery: not a WebhookVerificationError.
  if (key === undefined || key.length === 0) throw new TypeError('the webhook secret is not whsec_<base64>');
  return key;
}

async function hmacSha256(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Equal bytes, in a time that depends on the length only. */
function constantTimeEqual(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'the signed payload is not JSON');
  }
}
