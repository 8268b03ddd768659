import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createBackgroundJobs } from '@loyalty/api/background-jobs';
import { apiKey, createTestApp, onboard, type TestApp } from '../../../api/src/testing/test-app.ts';
import { createTimeSkippingEnvironment } from '../testing/time-skipping.ts';
import { signalCampaignChanged, startCampaignLifecycle } from '../client.ts';
import { createCampaignActivities } from './activities.ts';
import type { CampaignRef } from './shared.ts';
import { campaignLifecycleWorkflow } from './workflows.ts';

// The campaign lifecycle on Temporal's time-skipping test server (months pass in seconds) with
// the real API and Postgres: the start and end events come at the campaign's instants (a DST
// day in Paris included), follow a date change and a cancellation, and are written once.

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let t: TestApp;
let auth: Record<string, string>;
let ownerAuth: Record<string, string>;
let tenantId: string;
const taskQueue = `campaigns-${randomUUID()}`;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  t = await createTestApp();
  const tenant = await onboard(t.app);
  tenantId = tenant.tenantId;
  ownerAuth = tenant.auth;
  auth = (await apiKey(t.app, tenant, ['campaigns:read', 'campaigns:write'])).auth;
});
afterAll(async () => {
  await env?.teardown();
  await t?.close();
});

const request = (method: 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

async function programIn(timezone: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/programs',
    headers: ownerAuth,
    payload: { name: 'Campaigns', currency: 'EUR', timezone },
  });
  return res.json().id;
}

/** A published campaign; its dates as the merchant types them (program-local or instants). */
async function publishedCampaign(programId: string, startsAt: string, endsAt: string): Promise<CampaignRef> {
  const created = await request('POST', `/v1/programs/${programId}/campaigns`, {
    name: 'Double points',
    bonus: { type: 'multiplier', multiplier: 2 },
    startsAt,
    endsAt,
  });
  expect(created.statusCode, created.body).toBe(201);
  const campaignId = created.json().id;
  expect((await request('POST', `/v1/campaigns/${campaignId}/publish`)).statusCode).toBe(200);
  return { tenantId, campaignId };
}

async function eventsOf(campaignId: string) {
  const { rows } = await t.ownerPool.query(
    `SELECT type, payload FROM outbox WHERE type IN ('campaign_started', 'campaign_ended')
       AND payload -> 'data' -> 'campaign' ->> 'id' = $1 ORDER BY id`,
    [campaignId],
  );
  return rows.map((r) => ({ type: r.type as string, at: r.payload.occurredAt as string, data: r.payload.data }));
}

/** Within a few seconds after the instant: timers fire at it, then the activity runs in real time. */
function near(expected: Date | string) {
  const at = new Date(expected).getTime();
  return expect.toSatisfy((actual: string) => Date.parse(actual) >= at && Date.parse(actual) - at < 10_000);
}

async function worker(): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../workflows.ts', import.meta.url)),
    activities: createCampaignActivities({
      jobs: createBackgroundJobs(t.pool, { idempotencyTtlHours: t.config.IDEMPOTENCY_TTL_HOURS }),
    }),
  });
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The last Sunday of a month, as YYYY-MM-DD (the EU's DST changes fall on them). */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}
/** The test server's clock runs ahead of ours once it skipped; the API checks dates against ours. */
const serverNow = async () => Math.max(Date.now(), await env.currentTimeMs());

describe('the campaign lifecycle', () => {
  it("starts and ends at the campaign's instants in the program's time zone, across a DST change", async () => {
    // Next year in Paris: clocks spring forward at 02:00 on the last Sunday of March (03:30 is
    // 01:30 UTC that day, not 02:30) and fall back on the last Sunday of October (12:00 is 11:00 UTC).
    const year = new Date().getUTCFullYear() + 1;
    const [march, october] = [lastSunday(year, 3), lastSunday(year, 10)];
    const program = await programIn('Europe/Paris');
    const ref = await publishedCampaign(program, `${march}T03:30`, `${october}T12:00`);
    const w = await worker();
    const outcome = await w.runUntil(async () => (await startCampaignLifecycle(env.client, taskQueue, ref)).result());

    expect(outcome).toBe('ended');
    expect(await eventsOf(ref.campaignId)).toEqual([
      { type: 'campaign_started', at: near(`${march}T01:30:00Z`), data: expect.objectContaining({}) },
      { type: 'campaign_ended', at: near(`${october}T11:00:00Z`), data: expect.objectContaining({ reason: 'ended' }) },
    ]);
    // A completed lifecycle is not started again.
    await expect(startCampaignLifecycle(env.client, taskQueue, ref)).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
  });

  it('follows a start moved later by the signal', async () => {
    const program = await programIn('UTC');
    const now = await serverNow();
    const ref = await publishedCampaign(program, iso(now + 10 * DAY), iso(now + 20 * DAY));
    const w = await worker();
    const outcome = await w.runUntil(async () => {
      const handle = await startCampaignLifecycle(env.client, taskQueue, ref);
      const moved = await request('PATCH', `/v1/campaigns/${ref.campaignId}`, { startsAt: iso(now + 15 * DAY) });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await signalCampaignChanged(env.client, ref.campaignId)).toBe(true);
      return handle.result();
    });

    expect(outcome).toBe('ended');
    const events = await eventsOf(ref.campaignId);
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['campaign_started', near(iso(now + 15 * DAY))],
      ['campaign_ended', near(iso(now + 20 * DAY))],
    ]);
  });

  it('ends a cancelled campaign at the cancellation, once, and a restarted lifecycle emits nothing again', async () => {
    const program = await programIn('UTC');
    const now = await serverNow();
    const ref = await publishedCampaign(program, iso(now + DAY), iso(now + 30 * DAY));
    const w = await worker();
    const outcome = await w.runUntil(async () => {
      const handle = await startCampaignLifecycle(env.client, taskQueue, ref);
      await env.sleep('2 days');
      while ((await eventsOf(ref.campaignId)).length === 0) await new Promise((r) => setTimeout(r, 50));
      expect((await request('POST', `/v1/campaigns/${ref.campaignId}/cancel`)).statusCode).toBe(200);
      await signalCampaignChanged(env.client, ref.campaignId);
      return handle.result();
    });
    expect(outcome).toBe('cancelled');
    const events = await eventsOf(ref.campaignId);
    expect(events).toEqual([
      { type: 'campaign_started', at: near(iso(now + DAY)), data: expect.anything() },
      { type: 'campaign_ended', at: expect.any(String), data: expect.objectContaining({ reason: 'cancelled' }) },
    ]);

    // A lifecycle run again from nothing (its history lost) finds both events written: none twice.
    const again = await worker();
    const rerun = await again.runUntil(
      env.client.workflow.execute(campaignLifecycleWorkflow, {
        taskQueue,
        workflowId: `campaign-rerun-${ref.campaignId}`,
        args: [ref],
      }),
    );
    expect(rerun).toBe('never_started');
    expect(await eventsOf(ref.campaignId)).toEqual(events);
  });
});
