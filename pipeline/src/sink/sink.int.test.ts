import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { postActivity, postgresTotals, seedTenant } from '../testing/ledger-workload.ts';
import { envelope } from '../testing/messages.ts';
import { metricValue, startRelay, startSink } from '../testing/pipeline-harness.ts';
import { clickHouseTotals, readTopic, spawnMain, uniqueTopic, waitFor } from '../testing/stack-fixtures.ts';
import { DLQ_HEADERS } from './sink.ts';
import { usePipelineFixture } from '../testing/pipeline-fixture.ts';

// The sink against real Kafka and ClickHouse: crashes, redelivery and poison messages.

const fx = usePipelineFixture('sink', { stopAfterEach: true });
const { kafka, running } = fx;

it('a sink killed mid-stream and restarted ends with ClickHouse totals exactly equal to Postgres', async () => {
  const topic = uniqueTopic();
  const tenant = await seedTenant(fx.t, 8);
  running.push(await startRelay(kafka, topic, { RELAY_POLL_INTERVAL_MS: '200' }));
  const env = {
    PIPELINE_TOPIC: topic,
    CLICKHOUSE_DATABASE: fx.ch.database,
    SINK_GROUP_ID: `sink-${topic}`,
    SINK_BATCH_SIZE: '10',
    SINK_BATCH_MAX_AGE_MS: '50',
    SINK_RETRY_BACKOFF_MS: '200',
    SINK_SESSION_TIMEOUT_MS: '6000',
  };
  const first = spawnMain('sink-main.ts', env);
  const traffic = postActivity(fx.t, tenant, 10);
  const atKill = await waitFor(
    'the sink to insert something',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.events > 0,
    30_000,
    20,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${first.output()}`);
  });
  await first.kill('SIGKILL');
  await traffic;
  const pg = await waitFor(
    'the relay to publish everything',
    () => postgresTotals(fx.t, tenant.tenantId),
    (p) => p.unpublished === 0,
    20_000,
  );
  expect(atKill.events).toBeLessThan(pg.outbox);

  const second = spawnMain('sink-main.ts', env);
  await waitFor(
    'the restarted sink to catch up',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.ids >= pg.outbox,
    30_000,
    100,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${second.output()}`);
  });
  expect(await second.kill('SIGTERM')).toBe(0);
  // Exact without FINAL: the restarted sink skipped what the killed one had inserted.
  const expected = { events: pg.outbox, ids: pg.outbox, postings: pg.postings, points: pg.points };
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId)).toEqual(expected);
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId, true)).toEqual(expected);
});

it('a batch redelivered after its insert (crash before the commit) adds no rows', async () => {
  const topic = uniqueTopic();
  const tenant = await seedTenant(fx.t, 4);
  await postActivity(fx.t, tenant, 3);
  running.push(await startRelay(kafka, topic, { RELAY_POLL_INTERVAL_MS: '200' }));
  const pg = await waitFor(
    'the relay to publish everything',
    () => postgresTotals(fx.t, tenant.tenantId),
    (p) => p.unpublished === 0,
    20_000,
  );

  // Inserts everything, commits nothing: as if it died after every insert.
  const env = { SINK_GROUP_ID: `sink-${topic}`, SINK_BATCH_SIZE: '7' };
  const forgetful = await startSink(kafka, topic, fx.ch.database, env, { commits: false });
  await waitFor(
    'the first delivery',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.ids >= pg.outbox,
    20_000,
    100,
  );
  await forgetful.stop();

  // The same group starts over from the beginning and sees every message again.
  const again = await startSink(kafka, topic, fx.ch.database, env);
  running.push(again);
  await waitFor(
    'the redelivery to be judged',
    () => metricValue(again.registry, 'sink_messages_total'),
    (n) => n >= pg.outbox,
    20_000,
    100,
  );
  expect(await metricValue(again.registry, 'sink_messages_total')).toBeGreaterThanOrEqual(pg.outbox);
  const expected = { events: pg.outbox, ids: pg.outbox, postings: pg.postings, points: pg.points };
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId)).toEqual(expected);
});

it('while ClickHouse fails, batches are fetched again from Kafka; once it recovers every event lands exactly once', async () => {
  const topic = uniqueTopic();
  const tenant = await seedTenant(fx.t, 4);
  await postActivity(fx.t, tenant, 3);
  running.push(await startRelay(kafka, topic, { RELAY_POLL_INTERVAL_MS: '200' }));
  const pg = await waitFor(
    'the relay to publish everything',
    () => postgresTotals(fx.t, tenant.tenantId),
    (p) => p.unpublished === 0,
    20_000,
  );

  let failures = 0;
  const sink = await startSink(
    kafka,
    topic,
    fx.ch.database,
    { SINK_BATCH_SIZE: '5', SINK_RETRY_BACKOFF_MS: '100' },
    {
      writer: (real) => ({
        existingIds: (rows) => real.existingIds(rows),
        eraseMembers: (members) => real.eraseMembers(members),
        async insert(rows) {
          if (failures < 4) {
            failures += 1;
            throw new Error('ClickHouse unavailable (injected)');
          }
          await real.insert(rows);
        },
      }),
    },
  );
  running.push(sink);
  await waitFor(
    'recovery',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.ids >= pg.outbox,
    30_000,
    100,
  );
  expect(failures).toBe(4);
  expect(await metricValue(sink.registry, 'sink_flush_failures_total')).toBe(4);
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId)).toEqual({
    events: pg.outbox,
    ids: pg.outbox,
    postings: pg.postings,
    points: pg.points,
  });
});

it('a poison message goes to the dead-letter topic with its reason, and later messages still arrive', async () => {
  const topic = uniqueTopic();
  const tenantId = randomUUID();
  const memberId = randomUUID();
  const sink = await startSink(kafka, topic, fx.ch.database);
  running.push(sink);
  const good = () => envelope({ tenantId, memberId, occurredAt: new Date().toISOString() });
  const producer = await kafka.createProducer();
  try {
    // All on one key, so all on one partition: the poison sits in front of the later messages.
    const key = memberId;
    await producer.send(topic, [
      { key, value: JSON.stringify(good()) },
      { key, value: '{"this is": not json' },
      { key, value: JSON.stringify({ ...good(), type: 'points_teleported' }) },
      { key, value: null },
      { key, value: JSON.stringify(good()) },
    ]);
    await producer.send(topic, [{ key, value: JSON.stringify(good()) }]);
  } finally {
    await producer.disconnect();
  }

  await waitFor(
    'the good messages',
    () => clickHouseTotals(fx.ch.client, tenantId),
    (c) => c.events >= 3,
    20_000,
    100,
  );
  expect((await clickHouseTotals(fx.ch.client, tenantId)).events).toBe(3);

  const dead = await readTopic(kafka, `${topic}.dlq`, (all) => all.length >= 2);
  expect(dead).toHaveLength(2);
  const byReason = Object.fromEntries(dead.map((d) => [d.headers[DLQ_HEADERS.reason], d]));
  expect(Object.keys(byReason).sort()).toEqual(['invalid_envelope', 'invalid_json']);
  expect(byReason.invalid_json!.value?.toString()).toBe('{"this is": not json');
  expect(byReason.invalid_json!.headers).toMatchObject({
    [DLQ_HEADERS.topic]: topic,
    [DLQ_HEADERS.offset]: expect.stringMatching(/^\d+$/),
  });
  expect(byReason.invalid_envelope!.headers[DLQ_HEADERS.error]).toMatch(/type/);
  expect(await metricValue(sink.registry, 'sink_messages_total')).toBe(6);
});
