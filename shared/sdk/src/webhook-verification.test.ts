import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError, type VerifyWebhookOptions } from './webhook-verification.ts';

// The Standard Webhooks reference libraries' signing test vector
// (standard-webhooks/standard-webhooks, libraries/*: "sign function works"), then deliveries
// signed here with Node's own HMAC: a second implementation, so the check is not circular.

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const vectorDelivery = (): VerifyWebhookOptions => ({
  payload: VECTOR.payload,
  headers: {
    'webhook-id': VECTOR.id,
    'webhook-timestamp': String(VECTOR.timestamp),
    'webhook-signature': VECTOR.signature,
  },
  secret: VECTOR.secret,
  now: new Date(VECTOR.timestamp * 1000),
});

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`;
const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

function sign(secret: string, id: string, timestamp: number, payload: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${payload}`).digest('base64')}`;
}

function delivery(overrides: { payload?: string; timestamp?: number; signature?: string } = {}): VerifyWebhookOptions {
  const payload = '{"type":"points_earned","data":{"points":120}}';
  const timestamp = overrides.timestamp ?? nowSeconds;
  return {
    payload: overrides.payload ?? payload,
    headers: new Headers({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': overrides.signature ?? sign(SECRET, 'msg_1', timestamp, payload),
    }),
    secret: SECRET,
    now: NOW,
  };
}

const refusal = async (options: VerifyWebhookOptions) => {
  const error = await verifyWebhook(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).reason;
};

describe('verifyWebhook', () => {
  it("accepts the Standard Webhooks test vector, with or without the secret's whsec_ prefix", async () => {
    expect(await verifyWebhook(vectorDelivery())).toEqual({
      id: VECTOR.id,
      timestamp: new Date(VECTOR.timestamp * 1000),
      payload: { test: 2432232314 },
    });
    await verifyWebhook({ ...vectorDelivery(), secret: VECTOR.secret.slice('whsec_'.length) });
  });

  it('accepts the payload as bytes and headers in any case', async () => {
    const options = vectorDelivery();
    const headers = Object.fromEntries(Object.entries(options.headers).map(([k, v]) => [k.toUpperCase(), v]));
    await verifyWebhook({ ...options, payload: new TextEncoder().encode(VECTOR.payload), headers });
  });

  it('refuses a tampered body', async () => {
    expect(await refusal({ ...vectorDelivery(), payload: '{"test": 2432232315}' })).toBe('invalid_signature');
    const signed = delivery();
    expect(await refusal({ ...signed, payload: `${signed.payload as string} ` })).toBe('invalid_signature');
  });

  it('refuses a delivery signed with another secret', async () => {
    const other = `whsec_${Buffer.from('another secret, also 32 bytes!!!').toString('base64')}`;
    expect(await refusal({ ...delivery(), secret: other })).toBe('invalid_signature');
  });

  it('refuses timestamps more than the tolerance away, either way', async () => {
    const old = nowSeconds - 301;
    const future = nowSeconds + 301;
    const signedAt = (t: number) =>
      delivery({ timestamp: t, signature: sign(SECRET, 'msg_1', t, '{"type":"points_earned","data":{"points":120}}') });
    expect(await refusal(signedAt(old))).toBe('timestamp_out_of_tolerance');
    expect(await refusal(signedAt(future))).toBe('timestamp_out_of_tolerance');
    await verifyWebhook(signedAt(nowSeconds - 300));
    await verifyWebhook({ ...signedAt(old), toleranceSeconds: 600 });
    // The test vector, signed in 2021, is a replay today.
    expect(await refusal({ ...vectorDelivery(), now: NOW })).toBe('timestamp_out_of_tolerance');
  });

  it('accepts a header of several signatures when one of them matches, and only then', async () => {
    const valid = delivery();
    const good = (valid.headers as Headers).get('webhook-signature')!;
    const wrong = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
    const withSignatures = (signature: string) => delivery({ signature });
    await verifyWebhook(withSignatures(`${wrong} v2,${good.slice(3)} ${good} ${wrong}`));
    expect(await refusal(withSignatures(`${wrong} v2,${good.slice(3)}`))).toBe('invalid_signature');
  });

  it('refuses missing headers, a malformed timestamp and malformed signatures', async () => {
    const { headers, ...rest } = vectorDelivery();
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const without = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
      expect(await refusal({ ...rest, headers: without }), name).toBe('missing_header');
    }
    expect(await refusal({ ...rest, headers: { ...headers, 'webhook-timestamp': 'hello' } })).toBe('invalid_timestamp');
    for (const signature of ['v1,', 'v1,dawfeoifkpqwoekfpqoekf', VECTOR.signature.slice(0, 8), 'g0hM9SsE']) {
      expect(await refusal({ ...rest, headers: { ...headers, 'webhook-signature': signature } }), signature).toBe(
        'invalid_signature',
      );
    }
  });

  it('refuses a signed payload that is not JSON', async () => {
    const payload = 'not json';
    const signature = sign(SECRET, 'msg_1', nowSeconds, payload);
    expect(await refusal(delivery({ payload, signature }))).toBe('invalid_payload');
  });

  it('takes a secret that is not base64 for a configuration mistake, not a bad delivery', async () => {
    await expect(verifyWebhook({ ...delivery(), secret: 'whsec_not base64!' })).rejects.toThrow(TypeError);
  });
});
