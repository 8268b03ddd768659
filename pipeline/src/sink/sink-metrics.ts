import { Counter, Histogram, type Registry } from 'prom-client';

export interface SinkMetrics {
  messages: Counter<'outcome'>;
  flushSeconds: Histogram;
  flushFailures: Counter;
  freshnessSeconds: Histogram;
  membersErased: Counter;
}

export function createSinkMetrics(registry: Registry): SinkMetrics {
  const registers = [registry];
  return {
    messages: new Counter({
      name: 'sink_messages_total',
      help: 'Kafka messages handled, by outcome (inserted, duplicate, dropped, dead_lettered)',
      labelNames: ['outcome'],
      registers,
    }),
    flushSeconds: new Histogram({
      name: 'sink_flush_seconds',
      help: 'One flush: dedup lookup, ClickHouse insert, dead letters, offset commit',
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    flushFailures: new Counter({
      name: 'sink_flush_failures_total',
      help: 'Flushes that failed and were retried from Kafka',
      registers,
    }),
    // The product's freshness: from the event (the ledger's commit) to rows a query can see.
    freshnessSeconds: new Histogram({
      name: 'pipeline_event_freshness_seconds',
      help: 'From event occurred_at (ledger commit) to visible in ClickHouse',
      registers,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    }),
    membersErased: new Counter({
      name: 'sink_members_erased_total',
      help: 'Deleted members whose profile the sink had ClickHouse erase (a redelivered deletion counts again)',
      registers,
    }),
  };
}
