import { describe, expect, it } from 'vitest';
import {
  encodeCursor,
  oldestFirst,
  page,
  pageOfSorted,
  parseIdCursor,
  parseSeqCursor,
  type SortedList,
} from './cursor.ts';

const item = (id: string, createdAt: string) => ({ id, createdAt });
const a = item('00000000-0000-4000-8000-00000000000a', '2026-01-01T00:00:00.000Z');
const b = item('00000000-0000-4000-8000-00000000000b', '2026-01-02T00:00:00.000Z');
const c = item('00000000-0000-4000-8000-00000000000c', '2026-01-02T00:00:00.000Z');
const d = item('00000000-0000-4000-8000-00000000000d', '2026-01-03T00:00:00.000Z');

function walk<V>(items: V[], limit: number, order: SortedList<V>): V[][] {
  const pages: V[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = pageOfSorted(items, { cursor, limit }, order);
    pages.push(p.data);
    expect(p.hasMore).toBe(p.nextCursor !== null);
    if (p.nextCursor === null) return pages;
    cursor = p.nextCursor;
  }
}

describe('pageOfSorted', () => {
  it('pages in sort order whatever order the items came in', () => {
    expect(walk([d, b, a, c], 2, oldestFirst())).toEqual([
      [a, b],
      [c, d],
    ]);
  });

  it('neither repeats nor skips when an item is deleted between two pages', () => {
    const first = pageOfSorted([a, b, c, d], { limit: 2 }, oldestFirst());
    expect(first.data).toEqual([a, b]);
    const next = pageOfSorted([a, c, d], { cursor: first.nextCursor!, limit: 2 }, oldestFirst());
    expect(next).toMatchObject({ data: [c, d], nextCursor: null, hasMore: false });
  });

  it('orders each key element in its own direction', () => {
    const newestFirst: SortedList<typeof a> = { keyOf: (v) => [v.createdAt, v.id], directions: ['desc', 'asc'] };
    expect(walk([a, b, c, d], 3, newestFirst)).toEqual([[d, b, c], [a]]);
  });

  it('answers an empty last page without a cursor', () => {
    expect(pageOfSorted([], { limit: 5 }, oldestFirst())).toEqual({ data: [], nextCursor: null, hasMore: false });
  });

  it('refuses cursors it did not make, and those of another kind of list', () => {
    const refuse = (cursor: string) => () => pageOfSorted([a], { cursor, limit: 1 }, oldestFirst());
    expect(refuse('not-a-cursor')).toThrow(/cursor is not one this list returned/);
    expect(refuse(encodeCursor('seq', '12'))).toThrow(/cursor/);
    expect(refuse(encodeCursor('key', '["only one element"]'))).toThrow(/cursor/);
    expect(refuse(encodeCursor('key', '[{"nested":1}, "x"]'))).toThrow(/cursor/);
    expect(refuse(encodeCursor('key', '{not json'))).toThrow(/cursor/);
  });
});

describe('sequence and id cursors', () => {
  it('round-trips the position of the last row of a page', () => {
    const rows = [{ seq: '7' }, { seq: '9' }, { seq: '12' }];
    const p = page(
      rows,
      2,
      (r) => r.seq,
      (r) => r.seq,
    );
    expect(p).toMatchObject({ data: ['7', '9'], hasMore: true });
    expect(parseSeqCursor(p.nextCursor!)).toBe('9');
    expect(
      page(
        rows,
        3,
        (r) => r.seq,
        (r) => r.seq,
      ),
    ).toMatchObject({ nextCursor: null, hasMore: false });
  });

  it('is opaque: a raw position is refused, and a seq cursor is not an id cursor', () => {
    expect(() => parseSeqCursor('12')).toThrow(/cursor/);
    expect(() => parseIdCursor(a.id)).toThrow(/cursor/);
    expect(() => parseIdCursor(encodeCursor('seq', '12'))).toThrow(/cursor/);
    expect(() => parseSeqCursor(encodeCursor('seq', '1; DROP'))).toThrow(/cursor/);
    expect(parseIdCursor(encodeCursor('id', a.id))).toBe(a.id);
    expect(parseIdCursor(undefined)).toBeUndefined();
  });
});
