import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConsumedMessage } from '../kafka/kafka-client.ts';
import { outboxOrder, postActivity, postgresTotals, seedTenant } from '../testing/ledger-workload.ts';
import { envelope } from '../testing/messages.ts';
import { metricValue, startRelay, startSink } from '../testing/pipeline-harness.ts';
import { clickHouseTotals, readTopic, spawnMain, uniqueTopic, waitFor } from '../testing/stack-fixtures.ts';
import { EVENT_ID_HEADER, TENANT_ID_HEADER } from './outbox-message.ts';
import { usePipelineFixture } from '../testing/pipeline-fixture.ts';

// The relay against real Postgres and Kafka: leader election between relays, and a relay
// killed mid-drain.

const fx = usePipelineFixture('relay', { stopAfterEach: true });
const { kafka, running } = fx;

const ofTenant = (tenantId: string) => (m: ConsumedMessage) => m.headers[TENANT_ID_HEADER] === tenantId;
const published = (p: { outbox: number; unpublished: number }) => p.outbox - p.unpublished;

it('two relays at once: one leads, every event is published once, in outbox order per member', async () => {
  const topic = uniqueTopic();
  const tenant = await seedTenant(fx.t, 6);
  const env = { RELAY_POLL_INTERVAL_MS: '100', RELAY_BATCH_SIZE: '7' };
  const a = await startRelay(kafka, topic, env);
  running.push(a);
  const b = await startRelay(kafka, topic, env);
  running.push(b);

  let bothLed = false;
  const watch = setInterval(() => (bothLed ||= a.relay.isLeader() && b.relay.isLeader()), 5);
  try {
    await waitFor('a leader', async () => a.relay.isLeader() || b.relay.isLeader(), Boolean, 10_000);
    const [leader, standby] = a.relay.isLeader() ? [a, b] : [b, a];
    await postActivity(fx.t, tenant, 3);
    // Hand over while traffic flows: the leader finishes its batch and lets go, the standby takes over.
    const traffic = postActivity(fx.t, tenant, 3);
    await leader.stop();
    await traffic;
    await waitFor('the standby to lead', async () => standby.relay.isLeader(), Boolean, 10_000);
    await waitFor(
      'the outbox to drain',
      () => postgresTotals(fx.t, tenant.tenantId),
      (p) => p.unpublished === 0,
      20_000,
    );
  } finally {
    clearInterval(watch);
  }
  expect(bothLed).toBe(false);

  const outbox = await outboxOrder(fx.t, tenant.tenantId);
  const messages = (
    await readTopic(kafka, topic, (all) => all.filter(ofTenant(tenant.tenantId)).length >= outbox.length)
  ).filter(ofTenant(tenant.tenantId));
  const ids = messages.map((m) => m.headers[EVENT_ID_HEADER]);
  expect(ids).toHaveLength(outbox.length);
  expect(new Set(ids).size).toBe(outbox.length);
  // Per key (member, or tenant for member-less events): Kafka order equals outbox id order.
  for (const key of new Set(outbox.map((o) => o.memberId ?? tenant.tenantId))) {
    const expected = outbox.filter((o) => (o.memberId ?? tenant.tenantId) === key).map((o) => o.eventId);
    const actual = messages.filter((m) => m.key?.toString() === key).map((m) => m.headers[EVENT_ID_HEADER]);
    expect(actual).toEqual(expected);
  }
});

it('a relay killed mid-drain and restarted loses no event and duplicates none in ClickHouse', async () => {
  const topic = uniqueTopic();
  const tenant = await seedTenant(fx.t, 10);
  await postActivity(fx.t, tenant, 8);
  const before = await postgresTotals(fx.t, tenant.tenantId);
  expect(before.unpublished).toBe(before.outbox);

  // Small batches so the kill lands with part of the backlog sent.
  const env = { PIPELINE_TOPIC: topic, RELAY_BATCH_SIZE: '2', RELAY_POLL_INTERVAL_MS: '200' };
  const first = spawnMain('relay-main.ts', env);
  await waitFor(
    'the relay to start publishing',
    () => postgresTotals(fx.t, tenant.tenantId),
    (p) => published(p) > 0,
    20_000,
    10,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${first.output()}`);
  });
  await first.kill('SIGKILL');
  const atKill = await postgresTotals(fx.t, tenant.tenantId);
  expect(atKill.unpublished).toBeGreaterThan(0);

  const second = spawnMain('relay-main.ts', env);
  await waitFor(
    'the restarted relay to drain',
    () => postgresTotals(fx.t, tenant.tenantId),
    (p) => p.unpublished === 0,
    30_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${second.output()}`);
  });
  expect(await second.kill('SIGTERM')).toBe(0);

  // At least once on Kafka (a batch sent but not marked before the kill goes out again)...
  const onKafka = (
    await readTopic(
      kafka,
      topic,
      (all) =>
        new Set(all.filter(ofTenant(tenant.tenantId)).map((m) => m.headers[EVENT_ID_HEADER])).size >= before.outbox,
    )
  ).filter(ofTenant(tenant.tenantId));
  expect(onKafka.length).toBeGreaterThanOrEqual(before.outbox);

  // ...exactly once in ClickHouse.
  const sink = await startSink(kafka, topic, fx.ch.database);
  running.push(sink);
  const totals = await waitFor(
    'ClickHouse to hold the events',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.ids >= before.outbox,
    30_000,
    100,
  );
  const expected = { events: before.outbox, ids: before.outbox, postings: before.postings, points: before.points };
  expect(totals).toEqual(expected);
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId, true)).toEqual(expected);
});

describe('commit order', () => {
  // Outbox rows written straight to Postgres so the test controls which transaction holds
  // which id, and when it commits or rolls back.
  const insert = (db: { query: (sql: string, params: unknown[]) => Promise<unknown> }, tenantId: string) => {
    const id = randomUUID();
    return db
      .query(`INSERT INTO outbox (event_id, tenant_id, type, payload) VALUES ($1, $2, 'program_updated', $3)`, [
        id,
        tenantId,
        JSON.stringify(envelope({ id, tenantId, type: 'program_updated', memberId: undefined })),
      ])
      .then(() => id);
  };
  const isPublished = async (eventId: string) =>
    (await fx.t.ownerPool.query('SELECT published_at IS NOT NULL AS p FROM outbox WHERE event_id = $1', [eventId]))
      .rows[0]?.p === true;

  async function scenario(maxWaitMs: number) {
    const topic = uniqueTopic();
    const tenantId = randomUUID();
    running.push(
      await startRelay(kafka, topic, { RELAY_POLL_INTERVAL_MS: '100', RELAY_GAP_MAX_WAIT_MS: String(maxWaitMs) }),
    );
    const slow = await fx.t.ownerPool.connect();
    const doomed = await fx.t.ownerPool.connect();
    try {
      await slow.query('BEGIN');
      const first = await insert(slow, tenantId);
      await doomed.query('BEGIN');
      await insert(doomed, tenantId);
      const second = await insert(fx.t.ownerPool, tenantId);
      await doomed.query('ROLLBACK');
      return { topic, tenantId, slow, first, second };
    } finally {
      doomed.release();
    }
  }

  it('publishes a later commit only after an earlier id in flight commits, and steps over a rolled-back id', async () => {
    const { topic, tenantId, slow, first, second } = await scenario(10_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await isPublished(second)).toBe(false);
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    await waitFor(
      'both to be published',
      async () => (await isPublished(first)) && (await isPublished(second)),
      Boolean,
      10_000,
    );
    const mine = (await readTopic(kafka, topic, (all) => all.filter(ofTenant(tenantId)).length >= 2)).filter(
      ofTenant(tenantId),
    );
    expect(mine.map((m) => m.headers[EVENT_ID_HEADER])).toEqual([first, second]);
  });

  it('stops holding after RELAY_GAP_MAX_WAIT_MS, and still publishes the late commit', async () => {
    const { slow, first, second } = await scenario(300);
    try {
      await waitFor('the later row to go out after the maximum wait', () => isPublished(second), Boolean, 10_000);
      expect(await isPublished(first)).toBe(false);
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    await waitFor('the late row to be published', () => isPublished(first), Boolean, 10_000);
    expect(await metricValue(running[0]!.registry, 'outbox_relay_late_events_total')).toBeGreaterThanOrEqual(1);
    expect(await metricValue(running[0]!.registry, 'outbox_relay_gap_timeouts_total')).toBeGreaterThanOrEqual(1);
  });
});
