import { afterAll, beforeAll, expect, it } from 'vitest';
import { onboard, program } from '../../../api/src/testing/test-app.ts';
import { createTemporalFixture, TEST_SCHEDULE_SETTINGS, type TemporalFixture } from '../testing/temporal-fixture.ts';
import { expiryScheduleId, segmentRefreshScheduleId, tierRecalcScheduleId } from './schedule-options.ts';
import { DEFAULT_TIER_RECALC_OPTIONS } from '../tier-recalc/shared.ts';
import type { ScheduleSettings } from './shared.ts';
import { reconcileSchedulesWorkflow } from './workflows.ts';

// The reconcile step gives every program its schedules (expiry, tier recalculation, segment
// refresh), once: a program created after a run gets them at the next run, and a run that finds
// all in place creates none.

let f: TemporalFixture;
let settings: ScheduleSettings;

beforeAll(async () => {
  f = await createTemporalFixture();
  settings = {
    ...TEST_SCHEDULE_SETTINGS,
    taskQueue: f.taskQueue,
    tierRecalcHourUtc: 4,
    segmentRefreshEverySeconds: 1800,
  };
});
afterAll(async () => {
  await f?.removeReconciled();
  await f?.close();
});

// A worker runs once: each reconcile gets its own (as after a restart).
const reconcile = async (run: number) =>
  (await f.worker()).runUntil(
    f.client.workflow.execute(reconcileSchedulesWorkflow, {
      taskQueue: f.taskQueue,
      workflowId: `schedules-reconcile-test-${f.taskQueue}-${run}`,
      args: [settings],
    }),
  );

it('creates the schedules of each program once, and those of a new program at the next run', async () => {
  const tenant = await onboard(f.t.app);
  const first = { tenantId: tenant.tenantId, programId: await program(f.t.app, tenant.auth) };

  const run1 = await reconcile(1);
  expect(run1.created).toBeGreaterThanOrEqual(1);
  const schedule = await f.client.schedule.getHandle(expiryScheduleId(first)).describe();
  expect(schedule.action).toMatchObject({
    workflowType: 'programExpiryWorkflow',
    taskQueue: f.taskQueue,
    args: [first],
  });
  expect(schedule.spec.intervals).toMatchObject([{ every: 3_600_000 }]);
  const tierRecalc = await f.client.schedule.getHandle(tierRecalcScheduleId(first)).describe();
  expect(tierRecalc.scheduleId).toBe(`tier-recalc:${first.tenantId}:${first.programId}`);
  expect(tierRecalc.action).toMatchObject({
    workflowType: 'programTierRecalcWorkflow',
    taskQueue: f.taskQueue,
    args: [first, DEFAULT_TIER_RECALC_OPTIONS],
  });
  expect(tierRecalc.spec.calendars).toMatchObject([{ hour: [{ start: 4, end: 4, step: 1 }] }]);
  const segmentRefresh = await f.client.schedule.getHandle(segmentRefreshScheduleId(first)).describe();
  expect(segmentRefresh.scheduleId).toBe(`segment-refresh:${first.tenantId}:${first.programId}`);
  expect(segmentRefresh.action).toMatchObject({
    workflowType: 'programSegmentRefreshWorkflow',
    taskQueue: f.taskQueue,
    args: [first],
  });
  expect(segmentRefresh.spec.intervals).toMatchObject([{ every: 1_800_000 }]);

  const later = { tenantId: tenant.tenantId, programId: await program(f.t.app, tenant.auth) };
  const run2 = await reconcile(2);
  expect(run2).toMatchObject({ created: 3, programs: run1.programs + 1 });
  for (const id of [expiryScheduleId, tierRecalcScheduleId, segmentRefreshScheduleId])
    await f.client.schedule.getHandle(id(later)).describe();

  expect((await reconcile(3)).created).toBe(0);
});
