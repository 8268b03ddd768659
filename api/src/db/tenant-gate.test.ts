import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error.ts';
import { createTenantGate } from './tenant-gate.ts';

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createTenantGate', () => {
  it('runs up to `concurrency` queries of a tenant at once and queues the next ones in order', async () => {
    const gate = createTenantGate({ concurrency: 2, queue: 5 });
    const works = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = works.map((w, i) =>
      gate.run('a', async () => {
        started.push(i);
        await w.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.load('a')).toEqual({ running: 2, waiting: 2 });
    works[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    works[0]!.resolve();
    works[2]!.resolve();
    works[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(gate.load('a')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a query past the queue with rate_limited, without touching other tenants', async () => {
    const gate = createTenantGate({ concurrency: 1, queue: 1 });
    const busy = deferred();
    const first = gate.run('a', () => busy.promise);
    const second = gate.run('a', async () => 'queued');
    await tick();
    const refused = gate.run('a', async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await gate.run('b', async () => 'other tenant')).toBe('other tenant');
    busy.resolve();
    await first;
    expect(await second).toBe('queued');
  });

  it('frees the slot when a query fails', async () => {
    const gate = createTenantGate({ concurrency: 1, queue: 0 });
    await expect(
      gate.run('a', async () => {
        throw new Error('ClickHouse said no');
      }),
    ).rejects.toThrow('ClickHouse said no');
    expect(gate.load('a')).toEqual({ running: 0, waiting: 0 });
    expect(await gate.run('a', async () => 'again')).toBe('again');
  });
});
