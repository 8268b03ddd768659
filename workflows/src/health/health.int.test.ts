import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { createHealthActivities } from './activities.ts';
import { healthCheckWorkflow } from './workflows.ts';

// Against the stack's real Temporal dev server: a worker runs the workflow and its activity,
// and a client reads the result.

const env = inject('stackEnv');
let workerConnection: NativeConnection;
let clientConnection: Connection;

beforeAll(async () => {
  workerConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
});
afterAll(async () => {
  await clientConnection?.close();
  await workerConnection?.close();
});

it('executes a workflow on a worker and returns its result to the client', async () => {
  const taskQueue = `health-${randomUUID()}`;
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    activities: createHealthActivities(),
  });
  const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
  const workflowId = `health-check-${randomUUID()}`;

  const result = await worker.runUntil(
    client.workflow.execute(healthCheckWorkflow, { taskQueue, workflowId, args: [{ requestedBy: 'smoke-test' }] }),
  );

  expect(result).toEqual({
    requestedBy: 'smoke-test',
    workflowId,
    activity: { attempt: 1, workerTaskQueue: taskQueue },
  });
  const described = await client.workflow.getHandle(workflowId).describe();
  expect(described.status.name).toBe('COMPLETED');
});
