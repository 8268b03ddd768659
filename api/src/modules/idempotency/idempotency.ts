import { createHash } from 'node:crypto';
import { prepared, type Db } from '../../db/pool.ts';

const CLAIM = prepared(
  'idempotency.claim',
  `
  INSERT INTO idempotency_keys (tenant_id, key, request_hash, status_code, response)
  VALUES ($1::uuid, $2, $3, 0, 'null') ON CONFLICT (tenant_id, key) DO NOTHING RETURNING 1 AS claimed`,
);
const STORE = prepared(
  'idempotency.store',
  'UPDATE idempotency_keys SET status_code = $3::smallint, response = $4::jsonb WHERE tenant_id = $1::uuid AND key = $2',
);
const FIND = prepared(
  'idempotency.find',
  'SELECT request_hash, status_code, response FROM idempotency_keys WHERE tenant_id = $1::uuid AND key = $2',
);
import { DomainError } from '../../domain-error.ts';

// An Idempotency-Key is claimed in the same transaction as the work it guards, and the response
// is stored there too: a key exists iff its work committed. A concurrent request with the same
// key waits on the unique index until the first commits, then replays its response.
// Failed requests store nothing, so a client may fix the cause and retry with the same key.

export interface MutationResult {
  status: number;
  body: unknown;
  /** What a replay answers, when it must differ from the first answer (a secret shown once). */
  replayBody?: unknown;
}
export interface IdempotentResult extends MutationResult {
  replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

export function validateIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new DomainError('bad_request', 'Idempotency-Key must be 1-255 printable ASCII characters, sent once');
  }
  return value;
}

/** A fingerprint of what was asked: same key with a different fingerprint is a conflict. */
export function requestFingerprint(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([method, route, params ?? null, body ?? null]))
    .digest('base64url');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function runIdempotent(
  tx: Db,
  tenantId: string,
  key: string | undefined,
  fingerprint: string,
  exec: () => Promise<MutationResult>,
): Promise<IdempotentResult> {
  if (key === undefined) return { ...(await exec()), replayed: false };
  const claimed = await tx.query(CLAIM([tenantId, key, fingerprint]));
  if (claimed.rows.length === 1) {
    const result = await exec();
    await tx.query(STORE([tenantId, key, result.status, JSON.stringify(result.replayBody ?? result.body ?? null)]));
    return { ...result, replayed: false };
  }
  const { rows } = await tx.query<{ request_hash: string; status_code: number; response: unknown }>(
    FIND([tenantId, key]),
  );
  const stored = rows[0]!;
  if (stored.request_hash !== fingerprint) {
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used for a different request');
  }
  return { status: stored.status_code, body: stored.response, replayed: true };
}
