import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestApp, type TestApp } from '../../../api/src/testing/test-app.ts';
import type { KafkaClient } from '../kafka/kafka-client.ts';
import type { RunningRelay, RunningSink } from './pipeline-harness.ts';
import { deleteTestTopics, freshClickHouse, killChildren, testKafka, type TestClickHouse } from './stack-fixtures.ts';

// What every pipeline integration file needs: the real API (for postings), a ClickHouse
// database of its own, a Kafka client, and the relays and sinks it started, all torn down after.

export interface PipelineFixture {
  readonly t: TestApp;
  readonly ch: TestClickHouse;
  readonly kafka: KafkaClient;
  /** Relays and sinks started in-process; stopped at teardown. */
  readonly running: (RunningRelay | RunningSink)[];
}

export interface FixtureOptions {
  /** Stop relays, sinks and child processes after each test (a relay left running keeps the outbox lock). */
  stopAfterEach?: boolean;
  /** Set nothing up (the file's tests are skipped). */
  skip?: boolean;
  /** Runs first at teardown, whatever else fails (restoring a stopped broker). */
  beforeTeardown?: () => Promise<void>;
}

export function usePipelineFixture(label: string, opts: FixtureOptions = {}): PipelineFixture {
  let t: TestApp | undefined;
  let ch: TestClickHouse | undefined;
  const kafka = testKafka();
  const running: (RunningRelay | RunningSink)[] = [];
  const stopRunning = async () => {
    await killChildren();
    await Promise.all(running.splice(0).map((r) => r.stop().catch(() => undefined)));
  };

  beforeAll(async () => {
    if (opts.skip) return;
    t = await createTestApp();
    ch = await freshClickHouse(label);
  });
  if (opts.stopAfterEach) afterEach(stopRunning);
  afterAll(async () => {
    try {
      await opts.beforeTeardown?.();
    } finally {
      await stopRunning();
      await ch?.drop();
      await deleteTestTopics(kafka).catch(() => undefined);
      await t?.close();
    }
  }, 120_000);

  return {
    get t() {
      if (!t) throw new Error('the pipeline fixture is not set up (outside a test, or skipped)');
      return t;
    },
    get ch() {
      if (!ch) throw new Error('the pipeline fixture is not set up (outside a test, or skipped)');
      return ch;
    },
    kafka,
    running,
  };
}
