import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  errorCode,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
} from '../../testing/test-app.ts';
import { createReward, earn, ledgerTotals, redeem, rewardStock } from './reward-fixtures.ts';

// No oversell, no limit overrun, under real concurrency. Two API instances share the database,
// each with its own posting executor, so the guarantees must come from Postgres (the stock's
// conditional update, the member's balance lock), not from one process's lanes.

let a: TestApp;
let b: TestApp;
let tenant: TenantSession;
let programId: string;

beforeAll(async () => {
  a = await createTestApp();
  b = await createTestApp();
  tenant = await onboard(a.app);
  programId = await program(a.app, tenant.auth);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('redemptions under concurrency', () => {
  it('stock 100, 1,000 concurrent requests from 200 members: exactly 100 succeed, the rest are out_of_stock', async () => {
    const cost = 10;
    const reward = await createReward(a.app, tenant.auth, programId, {
      name: 'Limited edition',
      pointsCost: cost,
      stock: 100,
    });
    const members: string[] = [];
    for (let i = 0; i < 200; i += 20) {
      members.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, async () => {
            const m = await member(a.app, tenant.auth, programId);
            await earn(a.app, tenant.auth, m, 1000);
            return m;
          }),
        )),
      );
    }

    // Every request is in flight at once, alternating between the two instances.
    const requests = Array.from({ length: 1000 }, (_, i) => ({
      memberId: members[i % 200]!,
      app: i % 2 === 0 ? a.app : b.app,
    }));
    const results = await Promise.all(
      requests.map(({ app, memberId }) => redeem(app, tenant.auth, memberId, reward.id)),
    );

    const won = results.flatMap((res, i) => (res.statusCode === 201 ? [requests[i]!.memberId] : []));
    expect(won).toHaveLength(100);
    const refused = results.filter((res) => res.statusCode !== 201);
    expect(refused.map((res) => `${res.statusCode} ${errorCode(res)}`)).toEqual(Array(900).fill('409 out_of_stock'));
    expect(await rewardStock(a.ownerPool, reward.id)).toBe(0);

    const { rows } = await a.ownerPool.query<{ member_id: string; n: number }>(
      'SELECT member_id, count(*)::int AS n FROM redemptions WHERE reward_id = $1 GROUP BY member_id',
      [reward.id],
    );
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(100);
    const wonBy = new Map<string, number>();
    for (const m of won) wonBy.set(m, (wonBy.get(m) ?? 0) + 1);
    expect(new Map(rows.map((r) => [r.member_id, r.n]))).toEqual(wonBy);

    // Each balance is the sum of its ledger entries, and reflects exactly its own redemptions.
    for (const m of members) {
      expect(await ledgerTotals(a.ownerPool, m)).toEqual({
        available: 1000 - cost * (wonBy.get(m) ?? 0),
        entries: 1000 - cost * (wonBy.get(m) ?? 0),
      });
    }
    const postings = await a.ownerPool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM postings WHERE kind = 'redeem' AND metadata->>'rewardId' = $1",
      [reward.id],
    );
    expect(postings.rows[0]!.n).toBe(100);
  }, 120_000);

  it('20 parallel redemptions by one member across two instances with a limit of 3: exactly 3', async () => {
    const reward = await createReward(a.app, tenant.auth, programId, { pointsCost: 25, perMemberLimit: 3 });
    const m = await member(a.app, tenant.auth, programId);
    await earn(a.app, tenant.auth, m, 1000);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => redeem(i % 2 === 0 ? a.app : b.app, tenant.auth, m, reward.id)),
    );
    expect(results.filter((res) => res.statusCode === 201)).toHaveLength(3);
    expect(results.filter((res) => res.statusCode !== 201).map(errorCode)).toEqual(
      Array(17).fill('redemption_limit_reached'),
    );
    expect(await ledgerTotals(a.ownerPool, m)).toEqual({ available: 925, entries: 925 });
  });

  it('a code pool under concurrency: each code handed out once', async () => {
    const reward = await createReward(a.app, tenant.auth, programId, { type: 'digital', pointsCost: 1 });
    const codes = Array.from({ length: 50 }, (_, i) => `POOL-${i}`);
    await a.app.inject({
      method: 'POST',
      url: `/v1/rewards/${reward.id}/codes`,
      headers: tenant.auth,
      payload: { codes },
    });
    const members = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const m = await member(a.app, tenant.auth, programId);
        await earn(a.app, tenant.auth, m, 100);
        return m;
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        redeem(i % 2 === 0 ? a.app : b.app, tenant.auth, members[i % 20]!, reward.id),
      ),
    );
    const handed = results.filter((res) => res.statusCode === 201).map((res) => res.json().redemption.code as string);
    expect(handed.sort()).toEqual([...codes].sort());
    expect(results.filter((res) => res.statusCode !== 201).map(errorCode)).toEqual(Array(30).fill('out_of_stock'));
  });
});
