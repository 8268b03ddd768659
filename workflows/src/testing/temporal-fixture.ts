import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { Client, Connection, ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createAnalytics, createBackgroundJobs, type BackgroundJobs } from '@loyalty/api/background-jobs';
import { createTestApp, type TestApp } from '../../../api/src/testing/test-app.ts';
import { createActivities } from '../activities.ts';
import { campaignWorkflowId } from '../campaigns/shared.ts';
import { PROGRAM_SCHEDULES } from '../schedules/schedule-options.ts';
import type { ScheduleSettings } from '../schedules/shared.ts';

// Integration tests of flows: the real API (to set data up through its routes), a client and
// worker connection to the stack's Temporal dev server, and workers on a task queue of this
// file's own, so runs against the shared server never pick up each other's tasks.

export interface TemporalFixture {
  t: TestApp;
  client: Client;
  jobs: BackgroundJobs;
  taskQueue: string;
  /** A fresh worker with every workflow; `activities` replaces some (a crash, a lost completion). */
  worker(activities?: Record<string, unknown>, idempotencyPageSize?: number): Promise<Worker>;
  /**
   * After a reconcile ran: it gave every program of this run's database an expiry schedule and
   * started every published campaign's lifecycle, all on this file's task queue. Remove them.
   */
  removeReconciled(): Promise<void>;
  close(): Promise<void>;
}

/** Schedule settings for tests: every interval an hour, so nothing runs unless a test triggers it. */
export const TEST_SCHEDULE_SETTINGS: ScheduleSettings = {
  taskQueue: 'unused',
  expiryEverySeconds: 3600,
  retentionEverySeconds: 3600,
  reconcileEverySeconds: 3600,
  tierRecalcHourUtc: 3,
  segmentRefreshEverySeconds: 3600,
};

export async function createTemporalFixture(): Promise<TemporalFixture> {
  const env = inject('stackEnv');
  const t = await createTestApp();
  const workerConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
  const analytics = createAnalytics({
    url: t.config.CLICKHOUSE_URL!,
    database: t.config.CLICKHOUSE_DATABASE,
    limits: { maxMemoryBytes: 2 * 1024 ** 3, maxExecutionSeconds: 30, maxReportRows: 100_000 },
    perTenant: { concurrency: 4, queue: 16 },
  });
  const jobs = createBackgroundJobs(t.pool, { idempotencyTtlHours: t.config.IDEMPOTENCY_TTL_HOURS, analytics });
  const taskQueue = `test-${randomUUID()}`;
  return {
    t,
    client,
    jobs,
    taskQueue,
    worker: (activities = {}, idempotencyPageSize) =>
      Worker.create({
        connection: workerConnection,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue,
        workflowsPath: fileURLToPath(new URL('../workflows.ts', import.meta.url)),
        activities: { ...createActivities({ jobs, client, idempotencyPageSize }), ...activities },
        shutdownGraceTime: '1 second',
      }),
    async removeReconciled() {
      const ignoreMissing = (err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError || err instanceof WorkflowNotFoundError)) throw err;
      };
      const programs = await t.ownerPool.query('SELECT tenant_id AS "tenantId", id AS "programId" FROM programs');
      for (const p of programs.rows) {
        for (const schedule of PROGRAM_SCHEDULES) {
          const { scheduleId } = schedule.options(TEST_SCHEDULE_SETTINGS, p);
          await client.schedule.getHandle(scheduleId).delete().catch(ignoreMissing);
        }
      }
      const campaigns = await t.ownerPool.query("SELECT id FROM campaigns WHERE state <> 'draft'");
      for (const { id } of campaigns.rows) {
        const handle = client.workflow.getHandle(campaignWorkflowId(id));
        const described = await handle.describe().catch((err: unknown) => ignoreMissing(err));
        if (described?.taskQueue === taskQueue && described.status.name === 'RUNNING')
          await handle.terminate('test over');
      }
    },
    async close() {
      await clientConnection.close();
      await workerConnection.close();
      await analytics.close();
      await t.close();
    },
  };
}
