import { createHash } from 'node:crypto';
import { prepared, type Db } from '../../db/pool.ts';
import { DomainError } from '../../domain-error.ts';
import { createAead, derivePurposeKey } from '../../security/aead.ts';
import type { Actor } from '../auth/principal.ts';

// An Idempotency-Key is claimed in the same transaction as the work it guards, and the response
// is stored there too: a key exists iff its work committed. A concurrent request with the same
// key waits on the unique index until the first commits, then replays its response.
// Failed requests store nothing, so a client may fix the cause and retry with the same key.
//
// The store is a copy of responses, so it keeps nothing a response would not be allowed to keep:
// responses are sealed (AES-256-GCM, bound to tenant and key), a secret shown once is replaced
// by its replay body before it is stored, a response about a member goes when the member is
// erased, and every key expires after its time to live (then it may be used afresh).
// Only the credential that used a key may replay it: anyone else gets a 409.

// A key past its time to live is taken over by the new request as if it never existed.
const CLAIM = prepared(
  'idempotency.claim',
  `
  INSERT INTO idempotency_keys (tenant_id, key, request_hash, status_code, response, actor)
  VALUES ($1::uuid, $2, $3, 0, '\\x', $4)
  ON CONFLICT (tenant_id, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, status_code = 0, response = '\\x', actor = EXCLUDED.actor,
        member_id = NULL, created_at = now()
    WHERE idempotency_keys.created_at < now() - make_interval(secs => $5::int)
  RETURNING 1 AS claimed`,
);
const STORE = prepared(
  'idempotency.store',
  `UPDATE idempotency_keys SET status_code = $3::smallint, response = $4::bytea, member_id = $5::uuid
   WHERE tenant_id = $1::uuid AND key = $2`,
);
const FIND = prepared(
  'idempotency.find',
  'SELECT request_hash, status_code, response, actor FROM idempotency_keys WHERE tenant_id = $1::uuid AND key = $2',
);

export interface MutationResult {
  status: number;
  body: unknown;
  /** What a replay answers, when it must differ from the first answer (a secret shown once). */
  replayBody?: unknown;
  /** The member the response describes: erasing the member erases the stored copy. */
  memberId?: string;
}
export interface IdempotentResult extends MutationResult {
  replayed: boolean;
}

export interface IdempotencyScope {
  tenantId: string;
  actor: Actor;
}

/** What an Idempotency-Key may be: 1-255 printable ASCII characters (the OpenAPI document says so too). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function validateIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new DomainError('bad_request', 'Idempotency-Key must be 1-255 printable ASCII characters, sent once');
  }
  return value;
}

/** A fingerprint of one request (orders use it to tell a resend from a different order). */
export function requestFingerprint(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([method, route, params ?? null, body ?? null]))
    .digest('base64url');
}

/**
 * What an Idempotency-Key guards: the operation (method, route, path parameters) and the body,
 * hashed apart so a refusal can say which differs.
 */
export function idempotencyFingerprint(method: string, route: string, params: unknown, body: unknown): string {
  const operation = createHash('sha256').update(canonicalJson([method, route, params ?? null]));
  const payload = createHash('sha256').update(canonicalJson(body ?? null));
  return `${operation.digest('base64url')}.${payload.digest('base64url')}`;
}

const operationOf = (fingerprint: string) => fingerprint.split('.')[0];

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

export const actorKey = (actor: Actor) => `${actor.type}:${actor.id}`;

export interface IdempotencyStoreOptions {
  /** The data-protection master key (32 bytes); the store derives its own key from it. */
  masterKey: Buffer;
  ttlSeconds: number;
}

export function createIdempotencyStore(options: IdempotencyStoreOptions) {
  const aead = createAead(derivePurposeKey(options.masterKey, 'idempotent-responses'));
  const associatedData = (tenantId: string, key: string) => `${tenantId}:${key}`;

  async function replay(tx: Db, scope: IdempotencyScope, key: string, fingerprint: string) {
    const { rows } = await tx.query<{ request_hash: string; status_code: number; response: Buffer; actor: string }>(
      FIND([scope.tenantId, key]),
    );
    const stored = rows[0]!;
    if (stored.actor !== actorKey(scope.actor)) {
      throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was used by another credential');
    }
    if (operationOf(stored.request_hash) !== operationOf(fingerprint)) {
      throw new DomainError(
        'idempotency_key_reused',
        'this Idempotency-Key was already used on another path or method',
      );
    }
    if (stored.request_hash !== fingerprint) {
      throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used with a different body');
    }
    const body: unknown = JSON.parse(aead.open(stored.response, associatedData(scope.tenantId, key)));
    return { status: stored.status_code, body, replayed: true };
  }

  return {
    async run(
      tx: Db,
      scope: IdempotencyScope,
      key: string | undefined,
      fingerprint: string,
      exec: () => Promise<MutationResult>,
    ): Promise<IdempotentResult> {
      if (key === undefined) return { ...(await exec()), replayed: false };
      const claim = [scope.tenantId, key, fingerprint, actorKey(scope.actor), options.ttlSeconds];
      const claimed = await tx.query(CLAIM(claim));
      if (claimed.rows.length === 0) return replay(tx, scope, key, fingerprint);
      const result = await exec();
      const sealed = aead.seal(
        JSON.stringify(result.replayBody ?? result.body ?? null),
        associatedData(scope.tenantId, key),
      );
      await tx.query(STORE([scope.tenantId, key, result.status, sealed, result.memberId ?? null]));
      return { ...result, replayed: false };
    },

    /** Erasure: stored responses about a member go with the member (same transaction). */
    async forgetMember(tx: Db, memberId: string): Promise<void> {
      await tx.query('DELETE FROM idempotency_keys WHERE member_id = $1::uuid', [memberId]);
    },

    /** Deletes up to `pageSize` expired keys of the transaction's tenant; returns how many went. */
    purgeExpired: (tx: Db, pageSize: number) => purgeExpiredKeys(tx, options.ttlSeconds, pageSize),
  };
}
export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;

/**
 * Deletes up to `pageSize` keys of the transaction's tenant older than `ttlSeconds`; returns how
 * many went. Small pages, one transaction each, so retention never holds many row locks next to
 * live traffic. Needs no key material: the background worker runs it.
 */
export async function purgeExpiredKeys(tx: Db, ttlSeconds: number, pageSize: number): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
       SELECT ctid FROM idempotency_keys
       WHERE created_at < now() - make_interval(secs => $1::int)
       LIMIT $2::int))`,
    [ttlSeconds, pageSize],
  );
  return rowCount ?? 0;
}
