import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { RelayConfig } from '../config.ts';
import type { EventProducer } from '../kafka/kafka-client.ts';
import type { Logger } from '../logger.ts';
import { nextGap, settledHorizon, takeInOrder, type GapWait, type OrderPlan } from './ordering.ts';
import { toKafkaMessage } from './outbox-message.ts';
import { createOutboxStore, type OutboxRow, type OutboxStore } from './outbox-store.ts';
import { createRelayMetrics } from './relay-metrics.ts';

// Outbox -> Kafka. One relay leads (session advisory lock on its own connection), the others
// retry the lock. The leader drains unpublished rows in id order (holes wait, see ordering.ts),
// sends them with the idempotent producer, then marks them published. A crash between send and
// mark republishes the batch with the same event ids: at-least-once, deduplicated downstream.

export type RelaySettings = Pick<
  RelayConfig,
  'PIPELINE_TOPIC' | 'RELAY_BATCH_SIZE' | 'RELAY_POLL_INTERVAL_MS' | 'RELAY_GAP_RECHECK_MS' | 'RELAY_GAP_MAX_WAIT_MS'
>;

export interface RelayDeps {
  /** A connected client as the database owner: the relay reads every tenant's outbox rows. */
  connect(): Promise<pg.Client>;
  producer: EventProducer;
  registry: Registry;
  logger: Logger;
  now?: () => number;
}

export interface Relay {
  start(): void;
  /** Finishes the batch in flight, releases the lock, closes the connection. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

type Step = 'again' | 'gap' | 'idle';

export function createRelay(config: RelaySettings, deps: RelayDeps): Relay {
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  let client: pg.Client | null = null;
  let store: OutboxStore | null = null;
  let leader = false;
  let cursor = 0;
  let gap: GapWait | null = null;
  let stopping = false;
  let woken = false;
  let interrupt: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  const metrics = createRelayMetrics(deps.registry, () => (store ? store.backlog() : Promise.resolve(null)));

  /** NOTIFY or stop: cut the current wait short (or the next one, if none is running). */
  function wake(): void {
    woken = true;
    interrupt?.();
  }

  function sleep(ms: number, wakeable: boolean): Promise<void> {
    if (stopping || (wakeable && woken)) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interrupt = null;
        if (wakeable) woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = wakeable
        ? done
        : () => {
            if (stopping) done();
          };
    });
  }

  async function connected(): Promise<OutboxStore> {
    if (store) return store;
    const c = await deps.connect();
    c.on('error', (err) => {
      logger.warn('relay connection lost', { err });
      if (client === c) void drop();
    });
    c.on('notification', wake);
    try {
      await c.query('LISTEN outbox');
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    client = c;
    store = createOutboxStore(c);
    return store;
  }

  /** Closing the session releases the advisory lock: whoever is waiting takes over. */
  function drop(): Promise<void> {
    if (leader) logger.info('relay stepped down');
    leader = false;
    metrics.leader.set(0);
    const c = client;
    client = null;
    store = null;
    return c ? c.end().catch(() => undefined) : Promise.resolve();
  }

  async function elect(s: OutboxStore): Promise<boolean> {
    if (!(await s.tryLead())) return false;
    leader = true;
    cursor = await s.lastPublishedId();
    gap = null;
    metrics.leader.set(1);
    logger.info('relay leads the outbox', { cursor });
    return true;
  }

  async function publish(s: OutboxStore, plan: OrderPlan<OutboxRow>): Promise<void> {
    const started = now();
    await deps.producer.send(config.PIPELINE_TOPIC, plan.ready.map(toKafkaMessage));
    const acked = now();
    await s.markPublished(plan.ready.map((r) => r.id));
    cursor = plan.cursor;
    metrics.published.inc(plan.ready.length);
    metrics.lateEvents.inc(plan.late);
    metrics.publishSeconds.observe((now() - started) / 1000);
    for (const r of plan.ready) metrics.eventLagSeconds.observe(Math.max(0, acked - r.createdAt.getTime()) / 1000);
  }

  async function drainOnce(s: OutboxStore): Promise<Step> {
    const t = now();
    // Writers are checked before the rows are read: ended before this read means visible to it.
    const alive = gap ? await s.anyAlive(gap.writers) : false;
    const { settledBelow, timedOut } = settledHorizon(gap, alive, t, config.RELAY_GAP_MAX_WAIT_MS);
    if (timedOut && gap) {
      metrics.gapTimeouts.inc();
      logger.warn('passing an outbox id hole after the maximum wait; a late commit will be published out of order', {
        after: gap.after,
        horizon: gap.horizon,
      });
    }
    const rows = await s.unpublished(config.RELAY_BATCH_SIZE);
    const plan = takeInOrder(rows, cursor, settledBelow);
    if (plan.ready.length > 0) await publish(s, plan);
    const next = nextGap(gap, plan);
    if (next === null) {
      gap = null;
      return rows.length === config.RELAY_BATCH_SIZE ? 'again' : 'idle';
    }
    if ('keep' in next) {
      gap = next.keep;
      return 'gap';
    }
    const writers = await s.outboxWriters();
    gap = { ...next.capture, writers, since: t };
    // Nobody is writing: the hole is final already, look again at once to step over it.
    return writers.length === 0 ? 'again' : 'gap';
  }

  async function run(): Promise<void> {
    while (!stopping) {
      try {
        const s = await connected();
        if (!leader && !(await elect(s))) {
          await sleep(config.RELAY_POLL_INTERVAL_MS, false);
          continue;
        }
        const step = await drainOnce(s);
        if (step === 'idle') await sleep(config.RELAY_POLL_INTERVAL_MS, true);
        else if (step === 'gap') await sleep(config.RELAY_GAP_RECHECK_MS, true);
      } catch (err) {
        // Postgres or Kafka trouble: unpublished rows stay unpublished. Give up the lead so a
        // healthier relay can take it, and retry after a pause.
        logger.error('relay step failed', { err });
        void drop();
        await sleep(config.RELAY_POLL_INTERVAL_MS, false);
      }
    }
  }

  return {
    start() {
      loop ??= run();
    },
    async stop() {
      stopping = true;
      wake();
      await loop;
      if (store && leader) await store.resign().catch(() => undefined);
      await drop();
    },
    isLeader: () => leader,
  };
}
