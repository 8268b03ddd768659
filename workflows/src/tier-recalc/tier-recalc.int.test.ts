import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, member, onboard, program } from '../../../api/src/testing/test-app.ts';
import { createScheduleIfMissing } from '../client.ts';
import type { ProgramRef } from '../expiry/shared.ts';
import { tierRecalcSchedule } from '../schedules/schedule-options.ts';
import { createTemporalFixture, TEST_SCHEDULE_SETTINGS, type TemporalFixture } from '../testing/temporal-fixture.ts';
import type { TierRecalcTotals } from './shared.ts';
import { programTierRecalcWorkflow } from './workflows.ts';

// The nightly tier recalculation against the real dev server and Postgres: members who earned
// before the tiers existed (or before a threshold moved) are placed in the tier their points
// reach, page by page across continue-as-new runs, each move recorded once; a rerun moves nobody.

let f: TemporalFixture;
let owner: Record<string, string>;
let ref: ProgramRef;
const scheduleIds: string[] = [];
const members: Record<'none' | 'bronze' | 'silver' | 'silverSoon' | 'gold', string> = {
  none: '',
  bronze: '',
  silver: '',
  silverSoon: '',
  gold: '',
};

beforeAll(async () => {
  f = await createTemporalFixture();
  const tenant = await onboard(f.t.app);
  owner = tenant.auth;
  const { auth } = await apiKey(f.t.app, tenant, ['members:write', 'points:earn']);
  ref = { tenantId: tenant.tenantId, programId: await program(f.t.app, owner) };
  // Points first, tiers after: nobody is moved at a posting, only by the recalculation.
  for (const [name, points] of [
    ['none', 50],
    ['bronze', 300],
    ['silver', 700],
    ['silverSoon', 1500],
    ['gold', 3000],
  ] as const) {
    members[name] = await member(f.t.app, auth, ref.programId);
    const earn = await f.t.app.inject({
      method: 'POST',
      url: `/v1/members/${members[name]}/points/earn`,
      headers: auth,
      payload: { points },
    });
    expect(earn.statusCode).toBe(201);
  }
});
afterAll(async () => {
  for (const id of scheduleIds) await f?.client.schedule.getHandle(id).delete();
  await f?.close();
});

async function createTier(name: string, threshold: number): Promise<string> {
  const res = await f.t.app.inject({
    method: 'POST',
    url: `/v1/programs/${ref.programId}/tiers`,
    headers: owner,
    payload: { name, threshold },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** Each member's tier on record, by name (null: none). */
async function tiersOnRecord(): Promise<Record<string, string | null>> {
  const { rows } = await f.t.ownerPool.query<{ member_id: string; tier: string | null }>(
    `SELECT b.member_id, t.name AS tier FROM member_balances b LEFT JOIN tiers t ON t.id = b.tier_id
      WHERE b.member_id = ANY($1::uuid[])`,
    [Object.values(members)],
  );
  const byId = new Map(rows.map((r) => [r.member_id, r.tier]));
  return Object.fromEntries(Object.entries(members).map(([name, id]) => [name, byId.get(id) ?? null]));
}

const recalculationEvents = async () =>
  (
    await f.t.ownerPool.query(
      "SELECT payload->>'memberId' AS member, payload->'data'->>'tier' AS tier FROM outbox WHERE tenant_id = $1 AND payload->>'type' = 'tier_changed' AND payload->'data'->>'reason' = 'recalculation' ORDER BY id",
      [ref.tenantId],
    )
  ).rows;

/** Triggers the schedule and waits for the workflow it started (the `n`th action), across continue-as-new. */
async function triggerAndWait(scheduleId: string, n: number): Promise<TierRecalcTotals> {
  const handle = f.client.schedule.getHandle(scheduleId);
  await handle.trigger();
  for (;;) {
    const action = (await handle.describe()).info.recentActions[n - 1]?.action;
    if (action) return f.client.workflow.getHandle(action.workflow.workflowId).result();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the nightly tier recalculation', () => {
  it('places each member in the tier their points reach, across continue-as-new runs, and a rerun changes nothing', async () => {
    await createTier('Bronze', 100);
    await createTier('Silver', 500);
    const gold = await createTier('Gold', 2000);
    expect(Object.values(await tiersOnRecord()).every((t) => t === null)).toBe(true);

    const worker = await f.worker();
    // Two members a page, two pages a run: five members take three pages over two runs.
    const first = await worker.runUntil(
      f.client.workflow.execute(programTierRecalcWorkflow, {
        taskQueue: f.taskQueue,
        workflowId: `tier-recalc-test-${f.taskQueue}`,
        args: [ref, { pageSize: 2, pagesPerRun: 2 }],
      }),
    );
    expect(first).toEqual({ pages: 3, examined: 5, changed: 4, runs: 2 });
    const placed = { none: null, bronze: 'Bronze', silver: 'Silver', silverSoon: 'Silver', gold: 'Gold' };
    expect(await tiersOnRecord()).toEqual(placed);
    const events = await recalculationEvents();
    expect(events).toHaveLength(4);

    // The program's schedule, as it runs at night: nothing more to do, no event written.
    const options = tierRecalcSchedule({ ...TEST_SCHEDULE_SETTINGS, taskQueue: f.taskQueue }, ref);
    expect(options.scheduleId).toBe(`tier-recalc:${ref.tenantId}:${ref.programId}`);
    expect(await createScheduleIfMissing(f.client, options)).toBe(true);
    scheduleIds.push(options.scheduleId);
    const [rerun, afterThresholdChange] = await (
      await f.worker()
    ).runUntil(async () => {
      const again = await triggerAndWait(options.scheduleId, 1);
      expect(await recalculationEvents()).toHaveLength(4);
      const patch = await f.t.app.inject({
        method: 'PATCH',
        url: `/v1/tiers/${gold}`,
        headers: owner,
        payload: { threshold: 1000 },
      });
      expect(patch.statusCode).toBe(200);
      return [again, await triggerAndWait(options.scheduleId, 2)];
    });
    expect(rerun).toEqual({ pages: 1, examined: 5, changed: 0, runs: 1 });

    // A lowered threshold moves the member it now covers, and only them.
    expect(afterThresholdChange).toEqual({ pages: 1, examined: 5, changed: 1, runs: 1 });
    expect(await tiersOnRecord()).toEqual({ ...placed, silverSoon: 'Gold' });
    expect((await recalculationEvents()).at(-1)).toEqual({ member: members.silverSoon, tier: 'Gold' });
  });
});
