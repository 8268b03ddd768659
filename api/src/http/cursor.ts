import { idSchema } from '@loyalty/shared';
import { DomainError } from '../domain-error.ts';

// Every list answers `{ data, nextCursor, hasMore }`. A cursor is opaque to clients: base64url of
// `<kind>:<position>`, where the kind says what the position is (a sequence number, an id, or the
// sort key of the last item). Clients cannot build one, and a cursor of one kind of list is refused
// by a list of another kind instead of silently starting somewhere else.

export interface Page<V> {
  data: V[];
  nextCursor: string | null;
  hasMore: boolean;
}

type CursorKind = 'seq' | 'id' | 'key';

export function encodeCursor(kind: CursorKind, position: string): string {
  return Buffer.from(`${kind}:${position}`, 'utf8').toString('base64url');
}

function decodeCursor(kind: CursorKind, cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) throw notOurCursor();
  return text.slice(prefix.length);
}

function notOurCursor(): DomainError {
  return new DomainError('validation_failed', 'cursor is not one this list returned: pass nextCursor back unchanged');
}

/** The sequence number a `seq` cursor carries (lists ordered by a bigint sequence). */
export function parseSeqCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const seq = decodeCursor('seq', cursor);
  if (!/^\d{1,18}$/.test(seq)) throw notOurCursor();
  return seq;
}

/** The id an `id` cursor carries (lists ordered by id). */
export function parseIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = decodeCursor('id', cursor);
  if (!idSchema.safeParse(id).success) throw notOurCursor();
  return id;
}

/** One page from `limit + 1` fetched rows: the extra row only says that another page follows. */
export function page<R, V>(
  rows: R[],
  limit: number,
  view: (r: R) => V,
  positionOf: (r: R) => string,
  kind: 'seq' | 'id' = 'seq',
): Page<V> {
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit);
  return {
    data: data.map(view),
    nextCursor: hasMore ? encodeCursor(kind, positionOf(data.at(-1)!)) : null,
    hasMore,
  };
}

export type SortKey = (string | number)[];
export type SortDirection = 'asc' | 'desc';

/** Orders two sort keys element by element, each element in its own direction. */
export function compareSortKeys(a: SortKey, b: SortKey, directions: readonly SortDirection[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const order = a[i]! < b[i]! ? -1 : a[i]! > b[i]! ? 1 : 0;
    if (order !== 0) return directions[i] === 'desc' ? -order : order;
  }
  return 0;
}

function parseSortKey(cursor: string, width: number): SortKey {
  let key: unknown;
  try {
    key = JSON.parse(decodeCursor('key', cursor));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw notOurCursor();
  }
  const valid =
    Array.isArray(key) && key.length === width && key.every((k) => typeof k === 'string' || typeof k === 'number');
  if (!valid) throw notOurCursor();
  return key as SortKey;
}

export interface SortedList<V> {
  keyOf: (item: V) => SortKey;
  directions: readonly SortDirection[];
}

/**
 * One page of a short list that is read whole (configuration: tiers, roles, users, keys). The
 * list is sorted here, by code points, so the order never depends on a database collation; the
 * cursor carries the sort key of the last item, not an offset, so an item added or deleted
 * between two pages neither repeats nor skips another.
 */
export function pageOfSorted<V>(items: V[], query: { cursor?: string; limit: number }, order: SortedList<V>): Page<V> {
  const sorted = [...items].sort((a, b) => compareSortKeys(order.keyOf(a), order.keyOf(b), order.directions));
  const after = query.cursor === undefined ? undefined : parseSortKey(query.cursor, order.directions.length);
  const rest =
    after === undefined
      ? sorted
      : sorted.filter((item) => compareSortKeys(order.keyOf(item), after, order.directions) > 0);
  const data = rest.slice(0, query.limit);
  const hasMore = rest.length > query.limit;
  return {
    data,
    nextCursor: hasMore ? encodeCursor('key', JSON.stringify(order.keyOf(data.at(-1)!))) : null,
    hasMore,
  };
}

/** A page of items already cut to the limit, ordered by id; the caller's extra row said whether more follow. */
export function pageOfIds<V>(data: V[], hasMore: boolean, idOf: (v: V) => string): Page<V> {
  return { data, nextCursor: hasMore ? encodeCursor('id', idOf(data.at(-1)!)) : null, hasMore };
}

/** Oldest first, by creation time and then id: the order of most configuration lists. */
export function oldestFirst<V extends { createdAt: string; id: string }>(): SortedList<V> {
  return { keyOf: (v) => [v.createdAt, v.id], directions: ['asc', 'asc'] };
}
