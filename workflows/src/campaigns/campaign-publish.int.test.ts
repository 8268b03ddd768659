import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import { buildApp } from '../../../api/src/app.ts';
import { apiKey, onboard, program } from '../../../api/src/testing/test-app.ts';
import { createTemporalFixture, TEST_SCHEDULE_SETTINGS, type TemporalFixture } from '../testing/temporal-fixture.ts';
import { reconcileSchedulesWorkflow } from '../schedules/workflows.ts';
import { createTemporalLifecycleNotifier } from './lifecycle-notifier.ts';
import { campaignWorkflowId } from './shared.ts';

// Publishing a campaign starts its lifecycle workflow through the client, on the real dev server;
// with Temporal unreachable the publish still succeeds, and the worker's reconcile starts it.

const env = inject('stackEnv');
let f: TemporalFixture;
let reachable: FastifyInstance;
let unreachable: FastifyInstance;
const warnings: string[] = [];
const notifiers: { close(): Promise<void> }[] = [];
let auth: Record<string, string>;
let programId: string;

async function appWithTemporalAt(address: string): Promise<FastifyInstance> {
  const notifier = createTemporalLifecycleNotifier({
    address,
    namespace: env.TEMPORAL_NAMESPACE!,
    taskQueue: f.taskQueue,
    timeoutMs: 1_000,
    warn: (_fields, message) => void warnings.push(message),
  });
  notifiers.push(notifier);
  return buildApp({ config: f.t.config, pool: f.t.pool, campaignLifecycle: notifier });
}

beforeAll(async () => {
  f = await createTemporalFixture();
  reachable = await appWithTemporalAt(env.TEMPORAL_ADDRESS!);
  // Nothing listens on port 1.
  unreachable = await appWithTemporalAt('127.0.0.1:1');
  const tenant = await onboard(f.t.app);
  auth = (await apiKey(f.t.app, tenant, ['campaigns:write'])).auth;
  programId = await program(f.t.app, tenant.auth);
});
afterAll(async () => {
  await f?.removeReconciled();
  for (const app of [reachable, unreachable]) await app?.close();
  for (const n of notifiers) await n.close();
  await f?.close();
});

async function publish(app: FastifyInstance): Promise<{ status: number; campaignId: string }> {
  const day = 86_400_000;
  const created = await app.inject({
    method: 'POST',
    url: `/v1/programs/${programId}/campaigns`,
    headers: auth,
    payload: {
      name: 'Spring',
      bonus: { type: 'multiplier', multiplier: 2 },
      startsAt: new Date(Date.now() + day).toISOString(),
      endsAt: new Date(Date.now() + 2 * day).toISOString(),
    },
  });
  const campaignId = created.json().id;
  const published = await app.inject({ method: 'POST', url: `/v1/campaigns/${campaignId}/publish`, headers: auth });
  return { status: published.statusCode, campaignId };
}

const lifecycleOf = (campaignId: string) => f.client.workflow.getHandle(campaignWorkflowId(campaignId)).describe();

/** The notice goes out once the answer is sent (onResponse): the test's inject may return first. */
async function eventually<T>(probe: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await probe();
    } catch (err) {
      if (tries > 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

it('starts the campaign lifecycle workflow when the campaign is published', async () => {
  const { status, campaignId } = await publish(reachable);
  expect(status).toBe(200);
  const lifecycle = await eventually(() => lifecycleOf(campaignId));
  expect(lifecycle).toMatchObject({ type: 'campaignLifecycleWorkflow', taskQueue: f.taskQueue });
  expect(lifecycle.status.name).toBe('RUNNING');
});

it('publishes while Temporal is unreachable, and the reconcile starts the lifecycle later', async () => {
  const started = Date.now();
  const { status, campaignId } = await publish(unreachable);
  expect(status).toBe(200);
  await eventually(async () =>
    expect(warnings).toEqual(["campaign lifecycle: start failed; the worker's reconcile catches up"]),
  );
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(lifecycleOf(campaignId)).rejects.toBeInstanceOf(WorkflowNotFoundError);

  const worker = await f.worker();
  const result = await worker.runUntil(
    f.client.workflow.execute(reconcileSchedulesWorkflow, {
      taskQueue: f.taskQueue,
      workflowId: `schedules-reconcile-test-${f.taskQueue}`,
      args: [{ ...TEST_SCHEDULE_SETTINGS, taskQueue: f.taskQueue }],
    }),
  );
  expect(result.campaigns).toBeGreaterThanOrEqual(2);
  expect((await lifecycleOf(campaignId)).status.name).toBe('RUNNING');
});
