import { describe, expect, it } from 'vitest';
import { loadRelayConfig, loadSinkConfig } from './config.ts';

const base = { KAFKA_BROKERS: '127.0.0.1:59092, 127.0.0.1:59093' };

describe('pipeline config', () => {
  it('fills defaults and splits brokers', () => {
    const c = loadRelayConfig({ ...base, DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(c).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:59092', '127.0.0.1:59093'],
      PIPELINE_TOPIC: 'loyalty.events',
      PIPELINE_PARTITIONS: 6,
      RELAY_BATCH_SIZE: 500,
    });
  });

  it('derives the dead-letter topic from the topic', () => {
    const c = loadSinkConfig({
      ...base,
      CLICKHOUSE_URL: 'http://h:8123',
      PIPELINE_TOPIC: 'x.events',
      SINK_BATCH_SIZE: '100',
    });
    expect(c).toMatchObject({ SINK_DLQ_TOPIC: 'x.events.dlq', SINK_BATCH_SIZE: 100, CLICKHOUSE_DATABASE: 'loyalty' });
  });

  it('fails fast, naming what is wrong', () => {
    expect(() => loadRelayConfig({ KAFKA_BROKERS: 'nope' })).toThrow(/DATABASE_URL[\s\S]*|KAFKA_BROKERS/);
    expect(() => loadSinkConfig({ ...base, CLICKHOUSE_URL: 'http://h', CLICKHOUSE_DATABASE: 'x; DROP' })).toThrow(
      /CLICKHOUSE_DATABASE/,
    );
    expect(() => loadSinkConfig({ ...base, CLICKHOUSE_URL: 'http://h', SINK_BATCH_SIZE: '0' })).toThrow(
      /SINK_BATCH_SIZE/,
    );
  });
});
