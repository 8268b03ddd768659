import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool.ts';
import { retryOnDeadlock } from './tier-recalculation.ts';

// The savepoint protocol around a recalculation's locks, against a recording fake connection.

function recordingDb() {
  const sent: string[] = [];
  const db: Db = {
    async query(sql) {
      sent.push(typeof sql === 'string' ? sql : sql.name);
      return { rows: [], rowCount: 0 };
    },
  };
  return { db, sent };
}
const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryOnDeadlock', () => {
  it('runs once inside a savepoint when nothing goes wrong', async () => {
    const { db, sent } = recordingDb();
    expect(await retryOnDeadlock(db, async () => 'done')).toBe('done');
    expect(sent).toEqual(['SAVEPOINT tier_recalculation', 'RELEASE SAVEPOINT tier_recalculation']);
  });

  it('rolls back to the savepoint and tries again after a deadlock', async () => {
    const { db, sent } = recordingDb();
    let calls = 0;
    const result = await retryOnDeadlock(db, async () => {
      calls += 1;
      if (calls === 1) throw deadlock();
      return calls;
    });
    expect(result).toBe(2);
    expect(sent).toEqual([
      'SAVEPOINT tier_recalculation',
      'ROLLBACK TO SAVEPOINT tier_recalculation',
      'SAVEPOINT tier_recalculation',
      'RELEASE SAVEPOINT tier_recalculation',
    ]);
  });

  it('gives up after three deadlocks, and never retries other errors', async () => {
    const { db } = recordingDb();
    let calls = 0;
    await expect(
      retryOnDeadlock(db, async () => {
        calls += 1;
        throw deadlock();
      }),
    ).rejects.toThrow('deadlock detected');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryOnDeadlock(db, async () => {
        calls += 1;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(calls).toBe(1);
  });
});
