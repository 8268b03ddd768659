import { idSchema } from '@loyalty/shared';
import { DomainError } from '../domain-error.ts';

/** Cursors are the opaque sequence number of the last row seen; anything else is refused. */
export function parseSeqCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,18}$/.test(cursor)) throw new DomainError('validation_failed', 'cursor is not one this API returned');
  return cursor;
}

/** Fetches limit + 1 rows to know whether another page follows. */
export function page<R, V>(rows: R[], limit: number, view: (r: R) => V, seqOf: (r: R) => string) {
  return { data: rows.slice(0, limit).map(view), nextCursor: rows.length > limit ? seqOf(rows[limit - 1]!) : null };
}

/** Cursors that are the id of the last row seen (lists ordered by id). */
export function parseIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!idSchema.safeParse(cursor).success)
    throw new DomainError('validation_failed', 'cursor is not one this API returned');
  return cursor;
}
