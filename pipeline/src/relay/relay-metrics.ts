import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RelayMetrics {
  published: Counter;
  publishSeconds: Histogram;
  eventLagSeconds: Histogram;
  leader: Gauge;
  gapTimeouts: Counter;
  lateEvents: Counter;
}

/** `backlog` is read on scrape, so the gauge is as fresh as the scrape and costs nothing between. */
export function createRelayMetrics(registry: Registry, backlog: () => Promise<number | null>): RelayMetrics {
  const registers = [registry];
  new Gauge({
    name: 'outbox_backlog',
    help: 'Outbox rows not yet published to Kafka',
    registers,
    async collect() {
      const n = await backlog().catch(() => null);
      if (n !== null) this.set(n);
    },
  });
  return {
    published: new Counter({
      name: 'outbox_relay_published_total',
      help: 'Events published to Kafka and marked published',
      registers,
    }),
    publishSeconds: new Histogram({
      name: 'outbox_relay_publish_seconds',
      help: 'One batch: Kafka send (acks=all) plus marking rows published',
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    eventLagSeconds: new Histogram({
      name: 'outbox_relay_event_lag_seconds',
      help: 'From outbox insert to Kafka acknowledgement, per event',
      registers,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    leader: new Gauge({ name: 'outbox_relay_leader', help: '1 while this relay holds the outbox lock', registers }),
    gapTimeouts: new Counter({
      name: 'outbox_relay_gap_timeouts_total',
      help: 'Id holes passed after the maximum wait (possible reordering)',
      registers,
    }),
    lateEvents: new Counter({
      name: 'outbox_relay_late_events_total',
      help: 'Events published after the relay had passed their id',
      registers,
    }),
  };
}
