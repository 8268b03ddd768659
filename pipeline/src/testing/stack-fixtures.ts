import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { inject } from 'vitest';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import { createKafkaClient, type ConsumedMessage, type KafkaClient } from '../kafka/kafka-client.ts';
import { createLogger, silentLogger } from '../logger.ts';

// Integration-test plumbing against the real stack: a ClickHouse database and Kafka topics of
// the test's own (the run's Postgres database is shared by every file, so tests scope their
// checks to a tenant of their own), the pipeline's entry points as child processes, polling.

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const stackEnv = (): Record<string, string> => inject('stackEnv');

const topics = new Set<string>();

/** `loyalty.events.test-<uuid>`: no cross-talk between tests sharing the broker. */
export function uniqueTopic(): string {
  const topic = `loyalty.events.test-${randomUUID()}`;
  topics.add(topic);
  return topic;
}

/** For afterAll: the broker outlives test runs, so test topics (and their DLQs) must not pile up. */
export async function deleteTestTopics(kafka: KafkaClient): Promise<void> {
  const names = [...topics].flatMap((t) => [t, `${t}.dlq`]);
  topics.clear();
  await kafka.deleteTopics(names).catch(() => undefined);
}

export function testKafka(): KafkaClient {
  const logger = process.env.PIPELINE_TEST_LOGS ? createLogger('warn', { in: 'test' }) : silentLogger;
  return createKafkaClient({ brokers: stackEnv().KAFKA_BROKERS!.split(','), clientId: 'pipeline-test' }, { logger });
}

export interface TestClickHouse {
  database: string;
  client: ClickHouseClient;
  drop(): Promise<void>;
}

/** A fresh ClickHouse database with the real schema (clickhouse/ migrations), so the sink is tested against its views too. */
export async function freshClickHouse(label: string): Promise<TestClickHouse> {
  const env = stackEnv();
  const database = `${env.CLICKHOUSE_DATABASE}_pl_${label}_${randomBytes(4).toString('hex')}`;
  await migrateClickHouse({ url: env.CLICKHOUSE_URL!, database });
  const client = createClient({ url: env.CLICKHOUSE_URL, database });
  return {
    database,
    client,
    async drop() {
      await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
      await client.close();
    },
  };
}

export interface ClickHouseTotals {
  events: number;
  ids: number;
  postings: number;
  points: number;
}

/** What ClickHouse holds for one tenant; `final` merges duplicates at read time. */
export async function clickHouseTotals(
  ch: ClickHouseClient,
  tenantId: string,
  final = false,
): Promise<ClickHouseTotals> {
  const rs = await ch.query({
    query: `SELECT count() AS events, uniqExact(event_id) AS ids, countIf(type = 'transaction_created') AS postings,
                   sumIf(JSONExtractInt(data, 'posting', 'points'), type = 'transaction_created') AS points
              FROM events ${final ? 'FINAL' : ''} WHERE tenant_id = {tenant:UUID}`,
    query_params: { tenant: tenantId },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<Record<keyof ClickHouseTotals, string | number>>();
  return {
    events: Number(row?.events ?? 0),
    ids: Number(row?.ids ?? 0),
    postings: Number(row?.postings ?? 0),
    points: Number(row?.points ?? 0),
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    last = await probe();
  }
  return last;
}

/** Reads a topic from the beginning with a throwaway group until `enough` says so. */
export async function readTopic(
  kafka: KafkaClient,
  topic: string,
  enough: (all: ConsumedMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<ConsumedMessage[]> {
  const group = kafka.createConsumerGroup({ groupId: `reader-${randomUUID()}`, topic, fromBeginning: true });
  const all: ConsumedMessage[] = [];
  await group.run(async (messages) => {
    all.push(...messages);
  });
  try {
    await waitFor(
      `messages on ${topic}`,
      async () => all.length,
      () => enough(all),
      timeoutMs,
    );
    return all;
  } finally {
    await group.disconnect();
  }
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Everything it logged, for a failing test's message. */
  output(): string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

const children = new Set<Child>();

/** Runs an entry point (`relay-main.ts`, `sink-main.ts`) as its own process, as in production. */
export function spawnMain(entry: 'relay-main.ts' | 'sink-main.ts', env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [`pipeline/src/${entry}`], {
    cwd: repoRoot,
    env: { ...process.env, ...stackEnv(), LOG_LEVEL: 'info', RELAY_METRICS_PORT: '0', SINK_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    name: entry,
    proc,
    exited,
    output: () => log,
    async kill(signal) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

/** For afterAll: nothing this file started outlives it. */
export async function killChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.kill('SIGKILL')));
}
