import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, member, onboard, program } from '../../../api/src/testing/test-app.ts';
import { createTemporalFixture, TEST_SCHEDULE_SETTINGS, type TemporalFixture } from '../testing/temporal-fixture.ts';
import { expirySchedule } from '../schedules/schedule-options.ts';
import { createScheduleIfMissing, startProgramExpiry } from '../client.ts';
import type { ExpiryTotals, ProgramRef } from './shared.ts';
import { programExpiryWorkflow } from './workflows.ts';

// Points expiry on Temporal against the real dev server and Postgres: the program's schedule
// expires a due bucket exactly once, and a worker that dies after the ledger committed (its
// completion lost) does not make the next worker expire it again.

let f: TemporalFixture;
let auth: Record<string, string>;
let ref: ProgramRef;
const scheduleIds: string[] = [];

beforeAll(async () => {
  f = await createTemporalFixture();
  const tenant = await onboard(f.t.app);
  auth = (await apiKey(f.t.app, tenant, ['members:write', 'points:read', 'points:earn'])).auth;
  ref = { tenantId: tenant.tenantId, programId: await program(f.t.app, tenant.auth) };
});
afterAll(async () => {
  for (const id of scheduleIds) await f?.client.schedule.getHandle(id).delete();
  await f?.close();
});

/** A member with 70 points past their date and 30 that are not. */
async function memberWithDueBucket(): Promise<string> {
  const m = await member(f.t.app, auth, ref.programId);
  const earn = (points: number) =>
    f.t.app.inject({ method: 'POST', url: `/v1/members/${m}/points/earn`, headers: auth, payload: { points } });
  const due = (await earn(70)).json().posting.id;
  await earn(30);
  await f.t.ownerPool.query("UPDATE point_buckets SET expires_at = now() - interval '1 second' WHERE posting_id = $1", [
    due,
  ]);
  return m;
}

async function ledgerOf(memberId: string) {
  const { rows } = await f.t.ownerPool.query(
    `SELECT (SELECT available FROM member_balances WHERE member_id = $1)::int AS available,
            (SELECT sum(amount) FROM ledger_entries WHERE account = 'member_available' AND account_id = $1)::int AS entries,
            (SELECT coalesce(json_agg(points), '[]') FROM postings WHERE member_id = $1 AND kind = 'expire') AS expired`,
    [memberId],
  );
  return rows[0] as { available: number; entries: number; expired: number[] };
}

/** Triggers the schedule and waits for the workflow run it started (the `n`th action) to finish. */
async function triggerAndWait(scheduleId: string, n: number): Promise<ExpiryTotals> {
  const handle = f.client.schedule.getHandle(scheduleId);
  await handle.trigger();
  for (;;) {
    const actions = (await handle.describe()).info.recentActions;
    const action = actions[n - 1]?.action;
    if (action) return f.client.workflow.getHandle(action.workflow.workflowId).result();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the program expiry schedule', () => {
  it('expires a due bucket exactly once, however often it runs', async () => {
    const m = await memberWithDueBucket();
    const settings = { ...TEST_SCHEDULE_SETTINGS, taskQueue: f.taskQueue };
    const options = expirySchedule(settings, ref);
    expect(await createScheduleIfMissing(f.client, options)).toBe(true);
    scheduleIds.push(options.scheduleId);
    expect(options.scheduleId).toBe(`expiry:${ref.tenantId}:${ref.programId}`);

    const worker = await f.worker();
    const [first, second] = await worker.runUntil(async () => [
      await triggerAndWait(options.scheduleId, 1),
      await triggerAndWait(options.scheduleId, 2),
    ]);

    expect(first).toMatchObject({ membersAffected: 1, pointsExpired: 70, holdsVoided: 0, holdsConfirmed: 0 });
    expect(second).toEqual({ batches: 1, membersAffected: 0, pointsExpired: 0, holdsVoided: 0, holdsConfirmed: 0 });
    expect(await ledgerOf(m)).toEqual({ available: 30, entries: 30, expired: [-70] });
    expect(await createScheduleIfMissing(f.client, options)).toBe(false);
  });

  it('does not expire twice when a worker dies after the ledger committed and another takes over', async () => {
    const m = await memberWithDueBucket();
    // The first worker does the real work, then "dies" before it can report it: every attempt it
    // runs commits and then fails, as a crash between commit and completion would.
    const crashing = await f.worker({
      async expireDueBatch(p: ProgramRef) {
        await f.jobs.expireDue(p.tenantId, p.programId);
        throw new Error('worker lost after commit');
      },
    });
    const workflow = await startProgramExpiry(f.client, f.taskQueue, ref);
    expect(workflow.workflowId).toBe(`expiry:${ref.tenantId}:${ref.programId}`);
    await crashing.runUntil(async () => {
      while ((await ledgerOf(m)).expired.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    });

    const replacement = await f.worker();
    const totals = await replacement.runUntil(workflow.result());

    expect(totals).toMatchObject({ pointsExpired: 0, membersAffected: 0 });
    expect(await ledgerOf(m)).toEqual({ available: 30, entries: 30, expired: [-70] });
    const history = await f.client.workflow.getHandle(workflow.workflowId).fetchHistory();
    const started = history.events?.flatMap((e) => e.activityTaskStartedEventAttributes ?? []) ?? [];
    // The dying worker's attempts (one or more) committed and failed; the replacement's found nothing due.
    expect(started.at(-1)?.attempt).toBeGreaterThan(1);
  });

  it('reports an unknown program as nothing to do', async () => {
    const worker = await f.worker();
    const result = await worker.runUntil(
      f.client.workflow.execute(programExpiryWorkflow, {
        taskQueue: f.taskQueue,
        workflowId: `expiry-unknown-${randomUUID()}`,
        args: [{ tenantId: ref.tenantId, programId: randomUUID() }],
      }),
    );
    expect(result).toEqual({ batches: 1, membersAffected: 0, pointsExpired: 0, holdsVoided: 0, holdsConfirmed: 0 });
  });
});
