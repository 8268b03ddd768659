import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { Registry } from 'prom-client';
import { freePort, startApi, type ApiProcess } from '../../api/bench/api-process.ts';
import { databaseUrl, recreateDatabase } from '../../api/bench/bench-db.ts';
import { setupTenant } from '../../api/bench/tenant-setup.ts';
import { runMigrations } from '../../api/src/db/migrate.ts';
import { migrateClickHouse } from '../../clickhouse/src/migrations/migrate.ts';
import { createStack, loadStackConfig, stackUp } from '../../stack/src/index.ts';
import { loadRelayConfig, loadSinkConfig } from '../src/config.ts';
import { createKafkaClient, type KafkaClient, type OutgoingMessage } from '../src/kafka/kafka-client.ts';
import { createLogger } from '../src/logger.ts';
import { toKafkaMessage } from '../src/relay/outbox-message.ts';
import { createEventsWriter } from '../src/sink/events-writer.ts';
import { createRelay } from '../src/relay/relay.ts';
import { createClickHouseSink } from '../src/sink/sink.ts';
import { analyticsQueries } from './analytics-queries.ts';
import { loadBenchConfig, runsPart, type BenchConfig } from './bench-config.ts';

// `npm run bench:pipeline`: a benchmark, not a test. It prints what it measured and the
// settings it measured with, against the targets:
//   (a) sink throughput: N realistic envelopes already on a fresh topic, the sink (in-process,
//       wired as sink-main.ts wires it) drains them into a freshly migrated ClickHouse
//       database; events/s from the sink's start until ClickHouse holds all N.  Target ≥ 100,000/s.
//   (b) end-to-end freshness: a steady, open-loop rate of earn postings over HTTP to the real
//       API process (fresh Postgres database), the relay and the sink in this process; per event,
//       ClickHouse's ingested_at (set when the insert lands, i.e. visible) minus occurred_at
//       (stamped inside the ledger transaction, so slightly before its commit).  Target p99 ≤ 1 s.
//   (c) analytics query latency (analytics-queries.ts): the dashboard KPIs and a custom report
//       over 10,000,000 generated ledger entries (target p50 ≤ 300 ms), a dynamic segment over
//       1,000,000 members (target p50 ≤ 1 s). `--only analytics` runs it alone, `--skip-analytics` leaves it out.

const SINK_TARGET_PER_S = 100_000;
const FRESHNESS_TARGET_P99_MS = 1_000;
const FRESHNESS_DB = 'loyalty_bench_pipeline';
const logger = createLogger('error', { in: 'bench' });

const t0 = performance.now();
function step(message: string): void {
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** A pool of tenants, programs and members, so keys spread over partitions as in production. */
function population(tenants = 20, membersPerTenant = 500) {
  return Array.from({ length: tenants }, () => ({
    tenantId: randomUUID(),
    programId: randomUUID(),
    members: Array.from({ length: membersPerTenant }, () => randomUUID()),
  }));
}

/**
 * One ledger posting's events as the API writes them (same shape and size as the outbox
 * payloads): transaction_created + points_earned/points_redeemed, sometimes a member_created.
 */
function* envelopes(count: number): Generator<OutgoingMessage> {
  const tenants = population();
  const start = Date.now() - 60 * 60 * 1000;
  for (let i = 0; i < count; i++) {
    const tenant = tenants[i % tenants.length]!;
    const memberId = tenant.members[(i * 7919) % tenant.members.length]!;
    const occurredAt = new Date(start + Math.floor(i / 10)).toISOString();
    const kind = i % 3 === 2 ? 'redeem' : 'earn';
    const type =
      i % 50 === 0
        ? 'member_created'
        : i % 2 === 0
          ? 'transaction_created'
          : kind === 'earn'
            ? 'points_earned'
            : 'points_redeemed';
    const points = 10 + (i % 90);
    const data =
      type === 'member_created'
        ? { attributes: { favouriteDrink: 'espresso' }, birthMonth: null }
        : {
            balance: {
              pending: 0,
              available: 1000 + (i % 500),
              lifetimeEarned: 2000 + (i % 700),
              lifetimeRedeemed: 300,
            },
            posting: {
              id: randomUUID(),
              kind,
              actor: { id: 'bench', type: 'system' },
              points: kind === 'earn' ? points : -points,
              reason: 'purchase',
              status: 'posted',
              memberId,
              metadata: {},
              orderRef: `order-${i}`,
              createdAt: occurredAt,
              expiresAt: new Date(start + 365 * 86_400_000).toISOString(),
              programId: tenant.programId,
              resolvedAt: null,
              reversesId: null,
              holdDeadline: null,
            },
          };
    const eventId = randomUUID();
    const payload = JSON.stringify({
      id: eventId,
      data,
      type,
      memberId,
      tenantId: tenant.tenantId,
      programId: tenant.programId,
      occurredAt,
    });
    yield toKafkaMessage({
      id: i,
      eventId,
      tenantId: tenant.tenantId,
      type,
      memberId,
      payload,
      createdAt: new Date(occurredAt),
    });
  }
}

async function produce(kafka: KafkaClient, topic: string, count: number): Promise<number> {
  const producer = await kafka.createProducer();
  const began = performance.now();
  let chunk: OutgoingMessage[] = [];
  let sent = 0;
  let bytes = 0;
  let lastReport = began;
  try {
    for (const m of envelopes(count)) {
      chunk.push(m);
      bytes += (m.value as string).length;
      if (chunk.length === 4_000) {
        // one record batch per partition stays under the broker's 1 MB message limit
        await producer.send(topic, chunk);
        sent += chunk.length;
        chunk = [];
        if (performance.now() - lastReport > 5_000) {
          lastReport = performance.now();
          step(`  produced ${fmt(sent)} / ${fmt(count)}`);
        }
      }
    }
    await producer.send(topic, chunk);
  } finally {
    await producer.disconnect();
  }
  const s = (performance.now() - began) / 1000;
  step(
    `  produced ${fmt(count)} events (${(bytes / count).toFixed(0)} B/envelope avg, ${(bytes / 1e6).toFixed(0)} MB) in ${s.toFixed(1)} s`,
  );
  return bytes;
}

async function sinkThroughput(cfg: BenchConfig, env: Record<string, string>): Promise<boolean> {
  const suffix = randomBytes(4).toString('hex');
  const topic = `loyalty.events.bench-${suffix}`;
  const database = `loyalty_bench_sink_${suffix}`;
  const config = loadSinkConfig({
    ...cfg.parentEnv,
    ...env,
    LOG_LEVEL: 'warn',
    PIPELINE_TOPIC: topic,
    CLICKHOUSE_DATABASE: database,
    SINK_GROUP_ID: `bench-sink-${suffix}`,
  });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'pipeline-bench' }, { logger });
  step(
    `(a) sink throughput: ${fmt(cfg.events)} events, topic ${topic} (${config.PIPELINE_PARTITIONS} partitions), database ${database}`,
  );
  await kafka.ensureTopic(topic, config.PIPELINE_PARTITIONS);
  await kafka.ensureTopic(config.SINK_DLQ_TOPIC, config.PIPELINE_PARTITIONS);
  const admin = createClient({ url: config.CLICKHOUSE_URL });
  const clickhouse = createClient({ url: config.CLICKHOUSE_URL, database, request_timeout: 60_000 });
  try {
    const { applied } = await migrateClickHouse({ url: config.CLICKHOUSE_URL, database });
    step(`  ClickHouse database migrated (${applied.length} migrations)`);
    await produce(kafka, topic, cfg.events);

    const dlq = await kafka.createProducer();
    const group = kafka.createConsumerGroup({
      groupId: config.SINK_GROUP_ID,
      topic,
      fromBeginning: true,
      sessionTimeoutMs: config.SINK_SESSION_TIMEOUT_MS,
    });
    const sink = createClickHouseSink(config, {
      writer: createEventsWriter(clickhouse),
      dlq,
      offsets: group,
      registry: new Registry(),
      logger,
    });
    const count = async () => {
      const rs = await clickhouse.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' });
      return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
    };
    step(
      `  sink started (SINK_BATCH_SIZE=${config.SINK_BATCH_SIZE}, SINK_BATCH_MAX_AGE_MS=${config.SINK_BATCH_MAX_AGE_MS})`,
    );
    const began = performance.now();
    sink.start();
    await group.run(sink.handle);
    let n = 0;
    let lastReport = began;
    const deadline = began + Math.max(120_000, (cfg.events / 10_000) * 1000);
    try {
      while ((n = await count()) < cfg.events) {
        if (performance.now() > deadline)
          throw new Error(`gave up: ClickHouse holds ${fmt(n)} of ${fmt(cfg.events)} events`);
        if (performance.now() - lastReport > 5_000) {
          lastReport = performance.now();
          step(`  ${fmt(n)} in ClickHouse (${fmt(n / ((lastReport - began) / 1000))} events/s so far)`);
        }
        await sleep(100);
      }
    } finally {
      group.pause();
      await sink.stop().catch(() => undefined);
      await group.disconnect().catch(() => undefined);
      await dlq.disconnect().catch(() => undefined);
    }
    const seconds = (performance.now() - began) / 1000;
    const rate = cfg.events / seconds;
    const final = await count();
    const pass = rate >= SINK_TARGET_PER_S && final === cfg.events;
    console.log('');
    console.log(
      `  sink throughput: ${fmt(cfg.events)} events in ${seconds.toFixed(2)} s = ${fmt(rate)} events/s ` +
        `(target ≥ ${fmt(SINK_TARGET_PER_S)}/s) ${pass ? 'PASS' : 'MISS'}`,
    );
    console.log(`  rows in ClickHouse after stop: ${fmt(final)} (expected ${fmt(cfg.events)})`);
    console.log('');
    return pass;
  } finally {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await kafka.deleteTopics([topic, config.SINK_DLQ_TOPIC]).catch(() => undefined);
    await clickhouse.close();
    await admin.close();
  }
}

async function freshness(cfg: BenchConfig, env: Record<string, string>, repoRoot: string): Promise<boolean> {
  const suffix = randomBytes(4).toString('hex');
  const topic = `loyalty.events.bench-${suffix}`;
  const database = `loyalty_bench_fresh_${suffix}`;
  const total = Math.round(cfg.rate * cfg.seconds);
  const benchUrl = databaseUrl(env.DATABASE_URL!, FRESHNESS_DB);
  step(
    `(b) end-to-end freshness: ${cfg.rate} postings/s for ${cfg.seconds} s (${fmt(total)} postings), topic ${topic}, ClickHouse database ${database}`,
  );
  await recreateDatabase(env.DATABASE_URL!, FRESHNESS_DB);
  await runMigrations(benchUrl);
  const base = { ...cfg.parentEnv, ...env, LOG_LEVEL: 'warn', PIPELINE_TOPIC: topic };
  const relayConfig = loadRelayConfig({ ...base, DATABASE_URL: benchUrl });
  const sinkConfig = loadSinkConfig({ ...base, CLICKHOUSE_DATABASE: database, SINK_GROUP_ID: `bench-sink-${suffix}` });
  const kafka = createKafkaClient({ brokers: sinkConfig.KAFKA_BROKERS, clientId: 'pipeline-bench' }, { logger });
  await kafka.ensureTopic(topic, sinkConfig.PIPELINE_PARTITIONS);
  await kafka.ensureTopic(sinkConfig.SINK_DLQ_TOPIC, sinkConfig.PIPELINE_PARTITIONS);
  await migrateClickHouse({ url: sinkConfig.CLICKHOUSE_URL, database });
  const admin = createClient({ url: sinkConfig.CLICKHOUSE_URL });
  const clickhouse = createClient({ url: sinkConfig.CLICKHOUSE_URL, database, request_timeout: 60_000 });
  const stops: (() => Promise<unknown>)[] = [];
  let api: ApiProcess | undefined;
  try {
    api = await startApi({
      repoRoot,
      host: '127.0.0.1',
      port: await freePort(),
      env: {
        ...cfg.parentEnv,
        ...env,
        DATABASE_URL: benchUrl,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
        AUTH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
        MEMBER_PII_KEY: randomBytes(32).toString('base64'),
      },
    });
    const tenant = await setupTenant(api.baseUrl, 200);
    step(`  API pid ${api.pid} on ${api.baseUrl}; tenant with ${tenant.memberIds.length} members`);

    const producer = await kafka.createProducer();
    const relay = createRelay(relayConfig, {
      async connect() {
        const client = new pg.Client({
          connectionString: relayConfig.DATABASE_URL,
          application_name: 'outbox-relay-bench',
        });
        await client.connect();
        return client;
      },
      producer,
      registry: new Registry(),
      logger,
    });
    relay.start();
    stops.push(() => relay.stop().then(() => producer.disconnect()));
    const dlq = await kafka.createProducer();
    const group = kafka.createConsumerGroup({
      groupId: sinkConfig.SINK_GROUP_ID,
      topic,
      fromBeginning: true,
      sessionTimeoutMs: sinkConfig.SINK_SESSION_TIMEOUT_MS,
    });
    const sink = createClickHouseSink(sinkConfig, {
      writer: createEventsWriter(clickhouse),
      dlq,
      offsets: group,
      registry: new Registry(),
      logger,
    });
    sink.start();
    await group.run(sink.handle);
    stops.push(async () => {
      group.pause();
      await sink.stop();
      await group.disconnect();
      await dlq.disconnect();
    });
    step(
      `  relay (batch ${relayConfig.RELAY_BATCH_SIZE}, poll ${relayConfig.RELAY_POLL_INTERVAL_MS} ms + LISTEN/NOTIFY) and sink ` +
        `(batch ${sinkConfig.SINK_BATCH_SIZE}, max age ${sinkConfig.SINK_BATCH_MAX_AGE_MS} ms) running`,
    );

    let loadStart = 0;
    const countWhere = async (where: string) => {
      const rs = await clickhouse.query({
        query: `SELECT count() AS n FROM events WHERE ${where}`,
        query_params: { from: loadStart },
        format: 'JSONEachRow',
      });
      return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
    };
    const postings = () =>
      countWhere("type = 'transaction_created' AND occurred_at >= fromUnixTimestamp64Milli({from:Int64})");
    // Warm-up: the setup's events (members) flow through first, so the group has joined.
    const warmDeadline = performance.now() + 60_000;
    while ((await countWhere("type = 'member_created'")) < tenant.memberIds.length && performance.now() < warmDeadline)
      await sleep(200);
    step('  setup events visible in ClickHouse; starting the steady load');

    loadStart = Date.now();
    const sent: Promise<number>[] = [];
    const began = performance.now();
    for (let i = 0; i < total; i++) {
      const due = began + (i * 1000) / cfg.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const memberId = tenant.memberIds[i % tenant.memberIds.length]!;
      sent.push(
        fetch(`${api.baseUrl}/v1/members/${memberId}/points/earn`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tenant.apiKey}`,
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({ points: 1 + (i % 100) }),
        }).then(
          async (r) => (await r.text(), r.status),
          () => 0,
        ),
      );
    }
    const statuses = await Promise.all(sent);
    const loadSeconds = (performance.now() - began) / 1000;
    const ok = statuses.filter((s) => s === 201).length;
    step(
      `  load done: ${fmt(ok)} of ${fmt(total)} postings answered 201 in ${loadSeconds.toFixed(1)} s (${(ok / loadSeconds).toFixed(0)}/s)`,
    );

    const deadline = performance.now() + 60_000;
    let seen = 0;
    while ((seen = await postings()) < ok && performance.now() < deadline) await sleep(200);
    const rs = await clickhouse.query({
      query: `SELECT count() AS n,
                     quantileExact(0.5)(lag) AS p50, quantileExact(0.99)(lag) AS p99, max(lag) AS max
                FROM (SELECT toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) AS lag
                        FROM events WHERE occurred_at >= fromUnixTimestamp64Milli({from:Int64}))`,
      query_params: { from: loadStart },
      format: 'JSONEachRow',
    });
    const q = (await rs.json<{ n: string; p50: string | number; p99: string | number; max: string | number }>())[0]!;
    const p99 = Number(q.p99);
    const pass = seen === ok && p99 <= FRESHNESS_TARGET_P99_MS;
    console.log('');
    console.log(
      `  freshness (occurred_at -> visible in ClickHouse) over ${fmt(Number(q.n))} events of ${fmt(ok)} postings: ` +
        `p50 ${Number(q.p50)} ms, p99 ${p99} ms, max ${Number(q.max)} ms (target p99 ≤ ${FRESHNESS_TARGET_P99_MS} ms) ${pass ? 'PASS' : 'MISS'}`,
    );
    console.log(
      `  postings visible: ${fmt(seen)} of ${fmt(ok)} acknowledged; settings: rate ${cfg.rate}/s, ${cfg.seconds} s, ` +
        `SINK_BATCH_MAX_AGE_MS ${sinkConfig.SINK_BATCH_MAX_AGE_MS}, ${sinkConfig.PIPELINE_PARTITIONS} partitions`,
    );
    console.log('');
    return pass;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await api?.stop();
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await kafka.deleteTopics([topic, sinkConfig.SINK_DLQ_TOPIC]).catch(() => undefined);
    await clickhouse.close();
    await admin.close();
  }
}

async function main(): Promise<number> {
  const cfg = loadBenchConfig();
  const stackConfig = loadStackConfig();
  const stack = createStack(stackConfig);
  const { started, reused } = await stackUp(stack, stackConfig);
  step(
    `stack up (started: ${started.join(', ') || 'none'}; reused: ${reused.join(', ') || 'none'}); ${navigatorInfo()}`,
  );
  // A MISS is a figure, not a failure: the exit code is non-zero only when the bench cannot run.
  if (runsPart(cfg, 'sink')) await sinkThroughput(cfg, stack.env);
  if (runsPart(cfg, 'freshness')) await freshness(cfg, stack.env, stackConfig.repoRoot);
  if (runsPart(cfg, 'analytics')) await analyticsQueries(cfg, stack.env, step);
  return 0;
}

function navigatorInfo(): string {
  return `node ${process.version}, ${availableParallelism()} CPUs`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
