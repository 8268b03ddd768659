import { expect, it } from 'vitest';
import { postActivity, postgresTotals, seedTenant } from './testing/ledger-workload.ts';
import { metricValue, startRelay, startSink } from './testing/pipeline-harness.ts';
import { clickHouseTotals, uniqueTopic, waitFor } from './testing/stack-fixtures.ts';
import { usePipelineFixture } from './testing/pipeline-fixture.ts';

// End to end: postings through the API -> outbox -> relay -> Kafka -> sink -> ClickHouse, and
// ClickHouse's totals equal Postgres's exactly.

const fx = usePipelineFixture('e2e');
const { kafka, running } = fx;

it('streams API postings into ClickHouse with totals equal to Postgres', async () => {
  const topic = uniqueTopic();
  // A long poll interval: the relay only keeps up because LISTEN/NOTIFY wakes it.
  const relay = await startRelay(kafka, topic, { RELAY_POLL_INTERVAL_MS: '30000' });
  running.push(relay);
  const sink = await startSink(kafka, topic, fx.ch.database);
  running.push(sink);

  const tenant = await seedTenant(fx.t, 8);
  await postActivity(fx.t, tenant, 6);
  const pg = await postgresTotals(fx.t, tenant.tenantId);
  expect(pg.postings).toBe(8 * 6 + 4 * 6);

  const totals = await waitFor(
    'ClickHouse to hold every outbox event',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.events >= pg.outbox,
    30_000,
    100,
  );
  expect(totals).toEqual({ events: pg.outbox, ids: pg.outbox, postings: pg.postings, points: pg.points });
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId, true)).toEqual(totals);
  expect((await postgresTotals(fx.t, tenant.tenantId)).unpublished).toBe(0);

  // More traffic while running: it keeps flowing, and the sums still agree.
  await postActivity(fx.t, tenant, 2);
  const after = await postgresTotals(fx.t, tenant.tenantId);
  await waitFor(
    'the second wave',
    () => clickHouseTotals(fx.ch.client, tenant.tenantId),
    (c) => c.events >= after.outbox,
    20_000,
    100,
  );
  expect(await clickHouseTotals(fx.ch.client, tenant.tenantId)).toEqual({
    events: after.outbox,
    ids: after.outbox,
    postings: after.postings,
    points: after.points,
  });

  // The operational signals exist and moved.
  expect(await metricValue(relay.registry, 'outbox_relay_published_total')).toBeGreaterThanOrEqual(after.outbox);
  expect(await metricValue(relay.registry, 'outbox_backlog')).toBeGreaterThanOrEqual(0);
  expect(await metricValue(relay.registry, 'outbox_relay_event_lag_seconds_count')).toBeGreaterThanOrEqual(
    after.outbox,
  );
  expect(await metricValue(sink.registry, 'pipeline_event_freshness_seconds_count')).toBeGreaterThanOrEqual(
    after.outbox,
  );
});
