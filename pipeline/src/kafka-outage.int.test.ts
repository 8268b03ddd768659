import { expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/src/stack-config.ts';
import { createStack } from '../../stack/src/stack.ts';
import type { ManagedService } from '../../stack/src/service.ts';
import { postActivity, postgresTotals, seedTenant } from './testing/ledger-workload.ts';
import { usePipelineFixture } from './testing/pipeline-fixture.ts';
import { startRelay, startSink } from './testing/pipeline-harness.ts';
import { clickHouseTotals, stackEnv, uniqueTopic, waitFor } from './testing/stack-fixtures.ts';

// Kafka really down: the broker process is stopped (through the launcher) while postings keep
// arriving through the API. The API never talks to Kafka, so every call succeeds and the outbox
// holds the events; once the broker is back, the relay and the sink catch up and ClickHouse's
// totals equal Postgres's exactly, without duplicates.

/**
 * The launcher's view of the broker this run uses. The global setup exports the stack's own
 * KAFKA_BROKERS into the environment; read as is, that would make the launcher treat its own
 * broker as `external`, so it is dropped when it is just the stack's local address.
 */
function brokerService(): ManagedService {
  const local = `127.0.0.1:${loadStackConfig().kafka.port}`;
  const env = { ...process.env };
  if (env.KAFKA_BROKERS === local) delete env.KAFKA_BROKERS;
  return createStack(loadStackConfig(env)).services.find((s) => s.name === 'kafka')!;
}

const broker = brokerService();
const brokerStatus = await broker.status();
const testBrokers = stackEnv().KAFKA_BROKERS;
const skipReason =
  brokerStatus.state !== 'running'
    ? `Kafka is '${brokerStatus.state}' (${brokerStatus.detail ?? 'no detail'}), not a broker the stack started: this test will not stop it`
    : brokerStatus.env.KAFKA_BROKERS !== testBrokers
      ? `the run uses Kafka at ${testBrokers}, not the stack's broker at ${brokerStatus.env.KAFKA_BROKERS}`
      : null;
if (skipReason) console.warn(`kafka-outage.int.test.ts skipped: ${skipReason}`);

let brokerDown = false;

/** Whatever happened, the broker is up again when this file is done. */
async function restoreBroker(): Promise<void> {
  if (!brokerDown) return;
  await broker.up();
  brokerDown = false;
}

const fx = usePipelineFixture('outage', { skip: skipReason !== null, beforeTeardown: restoreBroker });
const { kafka, running } = fx;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it.skipIf(skipReason !== null)(
  'keeps accepting postings while Kafka is down and delivers every event exactly once after it returns',
  async () => {
    const topic = uniqueTopic();
    const relay = await startRelay(kafka, topic, { RELAY_POLL_INTERVAL_MS: '500' });
    running.push(relay);
    const sink = await startSink(kafka, topic, fx.ch.database, { SINK_RETRY_BACKOFF_MS: '500' });
    running.push(sink);

    // Warm up: the pipeline flows before the outage.
    const tenant = await seedTenant(fx.t, 8);
    await postActivity(fx.t, tenant, 2);
    const warm = await postgresTotals(fx.t, tenant.tenantId);
    await waitFor(
      'the warm-up to reach ClickHouse',
      () => clickHouseTotals(fx.ch.client, tenant.tenantId),
      (c) => c.events >= warm.outbox,
      20_000,
      100,
    );
    await waitFor(
      'the relay to mark the warm-up published',
      () => postgresTotals(fx.t, tenant.tenantId),
      (p) => p.unpublished === 0,
      10_000,
      100,
    );

    try {
      brokerDown = true;
      expect(await broker.down()).toBe(true);
      expect((await broker.status()).state).toBe('stopped');

      // Postings keep arriving for a few seconds; postActivity throws on any non-201 answer.
      for (let wave = 0; wave < 6; wave++) {
        await postActivity(fx.t, tenant, 1);
        await sleep(300);
      }
      const during = await postgresTotals(fx.t, tenant.tenantId);
      expect(during.postings).toBeGreaterThan(warm.postings);
      // Nothing could leave the outbox: every event written during the outage waits there.
      expect(during.unpublished).toBe(during.outbox - warm.outbox);
      expect((await clickHouseTotals(fx.ch.client, tenant.tenantId)).events).toBe(warm.outbox);
    } finally {
      await restoreBroker();
    }

    // More traffic once the broker is back, then everything arrives exactly once.
    await postActivity(fx.t, tenant, 1);
    const pg = await postgresTotals(fx.t, tenant.tenantId);
    await waitFor(
      'ClickHouse to catch up after the outage',
      () => clickHouseTotals(fx.ch.client, tenant.tenantId),
      (c) => c.events >= pg.outbox,
      60_000,
      200,
    );
    const totals = await clickHouseTotals(fx.ch.client, tenant.tenantId);
    expect(totals).toEqual({ events: pg.outbox, ids: pg.outbox, postings: pg.postings, points: pg.points });
    expect(await clickHouseTotals(fx.ch.client, tenant.tenantId, true)).toEqual(totals);
    await waitFor(
      'the relay to mark everything published',
      () => postgresTotals(fx.t, tenant.tenantId),
      (p) => p.unpublished === 0,
      10_000,
      100,
    );
  },
  120_000,
);
