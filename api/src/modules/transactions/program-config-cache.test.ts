import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool.ts';
import { createVersionedCache } from './program-config-cache.ts';

describe('createVersionedCache', () => {
  const db = {} as Db;
  function counting() {
    const loads: string[] = [];
    const cache = createVersionedCache(async (_db, programId) => {
      loads.push(programId);
      return { programId, n: loads.length };
    }, 2);
    return { loads, cache };
  }

  it('loads once per program and version, and again when the version changes', async () => {
    const { loads, cache } = counting();
    const first = await cache.get(db, 'p1', 'v1');
    expect(await cache.get(db, 'p1', 'v1')).toBe(first);
    expect(await cache.get(db, 'p1', 'v2')).not.toBe(first);
    expect(loads).toEqual(['p1', 'p1']);
  });

  it('keeps at most its capacity of programs, dropping the oldest', async () => {
    const { loads, cache } = counting();
    await cache.get(db, 'p1', 'v');
    await cache.get(db, 'p2', 'v');
    await cache.get(db, 'p3', 'v');
    await cache.get(db, 'p2', 'v');
    await cache.get(db, 'p1', 'v');
    expect(loads).toEqual(['p1', 'p2', 'p3', 'p1']);
  });
});
