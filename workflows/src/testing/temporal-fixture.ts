import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createBackgroundJobs, type BackgroundJobs } from '@loyalty/api/background-jobs';
import { createTestApp, type TestApp } from '../../../api/src/testing/test-app.ts';
import { createActivities } from '../activities.ts';

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
  close(): Promise<void>;
}

export async function createTemporalFixture(): Promise<TemporalFixture> {
  const env = inject('stackEnv');
  const t = await createTestApp();
  const workerConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
  const jobs = createBackgroundJobs(t.pool, { idempotencyTtlHours: t.config.IDEMPOTENCY_TTL_HOURS });
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
    async close() {
      await clientConnection.close();
      await workerConnection.close();
      await t.close();
    },
  };
}
