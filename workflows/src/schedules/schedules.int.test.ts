import { afterAll, beforeAll, expect, it } from 'vitest';
import { onboard, program } from '../../../api/src/testing/test-app.ts';
import { createTemporalFixture, type TemporalFixture } from '../testing/temporal-fixture.ts';
import { expiryScheduleId } from './schedule-options.ts';
import type { ScheduleSettings } from './shared.ts';
import { reconcileSchedulesWorkflow } from './workflows.ts';

// The reconcile step gives every program its expiry schedule, once: a program created after a
// run gets one at the next run, and a run that finds all in place creates none.

let f: TemporalFixture;
let settings: ScheduleSettings;

beforeAll(async () => {
  f = await createTemporalFixture();
  settings = {
    taskQueue: f.taskQueue,
    expiryEverySeconds: 3600,
    retentionEverySeconds: 3600,
    reconcileEverySeconds: 3600,
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

it('creates the expiry schedule of each program once, and that of a new program at the next run', async () => {
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

  const later = { tenantId: tenant.tenantId, programId: await program(f.t.app, tenant.auth) };
  const run2 = await reconcile(2);
  expect(run2).toMatchObject({ created: 1, programs: run1.programs + 1 });
  await f.client.schedule.getHandle(expiryScheduleId(later)).describe();

  expect((await reconcile(3)).created).toBe(0);
});
