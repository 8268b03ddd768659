import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnvelopeSchema, segmentEvaluationEventDataSchema } from '@loyalty/shared';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import { toEventRow } from '@loyalty/clickhouse/events-table';
import { createAnalytics, createBackgroundJobs, type Analytics } from '@loyalty/api/background-jobs';
import { apiKey, member, onboard, program, type TenantSession } from '../../../api/src/testing/test-app.ts';
import { createScheduleIfMissing } from '../client.ts';
import type { ProgramRef } from '../expiry/shared.ts';
import { segmentRefreshSchedule } from '../schedules/schedule-options.ts';
import { createTemporalFixture, TEST_SCHEDULE_SETTINGS, type TemporalFixture } from '../testing/temporal-fixture.ts';
import { createSegmentRefreshActivities } from './activities.ts';
import type { SegmentRefreshTotals } from './shared.ts';
import { programSegmentRefreshWorkflow } from './workflows.ts';

// The program's segment refresh schedule against the real dev server, Postgres and ClickHouse:
// postings made through the API reach ClickHouse as the sink writes them, the schedule's run
// materializes the dynamic segment's members in Postgres and writes `segment_updated` with the
// counts when membership changed; a run without ClickHouse does nothing.

let f: TemporalFixture;
let ch: Analytics;
let tenant: TenantSession;
let key: { auth: Record<string, string> };
let ref: ProgramRef;
let copiedUpTo = 0;
const scheduleIds: string[] = [];
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

/** What the sink would have done by now: every new outbox event of the tenant into ClickHouse. */
async function sync() {
  const { rows } = await f.t.ownerPool.query(
    'SELECT id, payload FROM outbox WHERE tenant_id = $1 AND id > $2 ORDER BY id',
    [tenant.tenantId, copiedUpTo],
  );
  if (rows.length === 0) return;
  await ch.client().insert({
    table: 'events',
    format: 'JSONEachRow',
    values: rows.map((r) => toEventRow(eventEnvelopeSchema.parse(r.payload), { partition: 0, offset: Number(r.id) })),
  });
  copiedUpTo = Number(rows.at(-1)!.id);
}

const post = (url: string, payload: object, headers: Record<string, string>) =>
  f.t.app.inject({ method: 'POST', url, headers, payload });

const ruleRows = async (segmentId: string) =>
  (
    await f.t.ownerPool.query(
      "SELECT member_id::text FROM segment_members WHERE segment_id = $1 AND source = 'rule' ORDER BY 1",
      [segmentId],
    )
  ).rows.map((r) => r.member_id);

const evaluatedEvents = async (segmentId: string) =>
  (
    await f.t.ownerPool.query(
      "SELECT payload->'data' AS data FROM outbox WHERE tenant_id = $1 AND payload->>'type' = 'segment_updated' AND payload->'data'->>'change' = 'evaluated' AND payload->'data'->>'segmentId' = $2 ORDER BY id",
      [tenant.tenantId, segmentId],
    )
  ).rows.map((r) => segmentEvaluationEventDataSchema.parse(r.data));

/** Triggers the schedule and waits for the workflow it started (the `n`th action). */
async function triggerAndWait(scheduleId: string, n: number): Promise<SegmentRefreshTotals> {
  const handle = f.client.schedule.getHandle(scheduleId);
  await handle.trigger();
  for (;;) {
    const action = (await handle.describe()).info.recentActions[n - 1]?.action;
    if (action) return f.client.workflow.getHandle(action.workflow.workflowId).result();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  f = await createTemporalFixture();
  const { CLICKHOUSE_URL, CLICKHOUSE_DATABASE } = f.t.config;
  await migrateClickHouse({ url: CLICKHOUSE_URL!, database: CLICKHOUSE_DATABASE });
  ch = createAnalytics({
    url: CLICKHOUSE_URL!,
    database: CLICKHOUSE_DATABASE,
    limits: { maxMemoryBytes: 2 * 1024 ** 3, maxExecutionSeconds: 30, maxReportRows: 1000 },
    perTenant: { concurrency: 1, queue: 1 },
  });
  tenant = await onboard(f.t.app);
  key = await apiKey(f.t.app, tenant, ['members:write', 'points:earn', 'points:redeem']);
  ref = { tenantId: tenant.tenantId, programId: await program(f.t.app, tenant.auth) };
  for (const [name, points] of [
    ['a', 500],
    ['b', 100],
    ['c', 800],
  ] as const) {
    ids[name] = await member(f.t.app, key.auth, ref.programId);
    expect((await post(`/v1/members/${ids[name]}/points/earn`, { points }, key.auth)).statusCode).toBe(201);
  }
  await sync();
});
afterAll(async () => {
  for (const id of scheduleIds) await f?.client.schedule.getHandle(id).delete();
  await ch?.close();
  await f?.close();
});

describe('the program segment refresh schedule', () => {
  it("materializes a dynamic segment's members, writes segment_updated with the counts, and only when they change", async () => {
    const created = await post(
      `/v1/programs/${ref.programId}/segments`,
      { name: 'big balances', kind: 'dynamic', condition: { field: 'member.balance', op: 'gte', value: 200 } },
      tenant.auth,
    );
    expect(created.statusCode).toBe(201);
    const segmentId: string = created.json().id;

    const options = segmentRefreshSchedule({ ...TEST_SCHEDULE_SETTINGS, taskQueue: f.taskQueue }, ref);
    expect(options.scheduleId).toBe(`segment-refresh:${ref.tenantId}:${ref.programId}`);
    expect(await createScheduleIfMissing(f.client, options)).toBe(true);
    scheduleIds.push(options.scheduleId);

    const worker = await f.worker();
    const [first, rerun, afterRedeem] = await worker.runUntil(async () => {
      const runs = [await triggerAndWait(options.scheduleId, 1), await triggerAndWait(options.scheduleId, 2)];
      expect(await evaluatedEvents(segmentId)).toHaveLength(1);
      expect((await post(`/v1/members/${ids.a}/points/redeem`, { points: 400 }, key.auth)).statusCode).toBe(201);
      await sync();
      return [...runs, await triggerAndWait(options.scheduleId, 3)];
    });

    expect(first).toEqual({ available: true, segments: 1, added: 2, removed: 0, skipped: 0 });
    expect(rerun).toEqual({ available: true, segments: 1, added: 0, removed: 0, skipped: 0 });
    expect(afterRedeem).toEqual({ available: true, segments: 1, added: 0, removed: 1, skipped: 0 });
    expect(await ruleRows(segmentId)).toEqual([ids.c]);
    const events = await evaluatedEvents(segmentId);
    expect(events).toMatchObject([
      { segmentId, change: 'evaluated', matched: 2, added: 2, removed: 0, members: 2 },
      { segmentId, change: 'evaluated', matched: 1, added: 0, removed: 1, members: 1 },
    ]);
  });

  it('does nothing without ClickHouse, and says so rather than failing', async () => {
    const created = await post(
      `/v1/programs/${ref.programId}/segments`,
      { name: 'any balance', kind: 'dynamic', condition: { field: 'member.balance', op: 'gte', value: 0 } },
      tenant.auth,
    );
    const segmentId: string = created.json().id;
    const withoutClickHouse = createSegmentRefreshActivities({
      jobs: createBackgroundJobs(f.t.pool, { idempotencyTtlHours: 24 }),
    });
    const worker = await f.worker(withoutClickHouse);
    const result = await worker.runUntil(
      f.client.workflow.execute(programSegmentRefreshWorkflow, {
        taskQueue: f.taskQueue,
        workflowId: `segment-refresh-no-clickhouse-${f.taskQueue}`,
        args: [ref],
      }),
    );
    expect(result).toEqual({ available: false, segments: 0, added: 0, removed: 0, skipped: 0 });
    expect(await ruleRows(segmentId)).toEqual([]);
    const history = await f.client.workflow.getHandle(`segment-refresh-no-clickhouse-${f.taskQueue}`).fetchHistory();
    const attempts = history.events?.flatMap((e) => e.activityTaskStartedEventAttributes ?? []) ?? [];
    expect(attempts.map((a) => a.attempt)).toEqual([1]);
  });
});
