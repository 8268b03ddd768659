import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from './kafka-log-level.ts';

// The lines below are what kafkajs 2.2.4 printed when the relay and the sink started against a
// freshly formatted broker (stack/src/services/kafka.ts on spare ports).

describe('kafkaLogLevel', () => {
  it("lowers a fresh broker's coordinator warm-up to info", () => {
    expect(
      kafkaLogLevel(
        'error',
        'Response GroupCoordinator(key: 10, version: 2)',
        'The group coordinator is not available',
      ),
    ).toBe('info');
    expect(
      kafkaLogLevel(
        'error',
        'Response InitProducerId(key: 22, version: 1)',
        "The coordinator is loading and hence can't process requests for this group",
      ),
    ).toBe('info');
  });

  it('lowers leader elections and rebalances, which kafkajs retries by itself', () => {
    expect(
      kafkaLogLevel(
        'error',
        'Response Metadata(key: 3, version: 6)',
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
      ),
    ).toBe('info');
    expect(kafkaLogLevel('warn', 'The group is rebalancing, re-joining')).toBe('info');
    expect(
      kafkaLogLevel(
        'error',
        'Response Heartbeat(key: 12, version: 3)',
        'The group is rebalancing, so a rejoin is needed',
      ),
    ).toBe('info');
  });

  it('keeps the warning about bounded producer retries out of the way: it is a choice, made once', () => {
    expect(kafkaLogLevel('warn', 'Limiting retries for the idempotent producer may invalidate EoS guarantees')).toBe(
      'debug',
    );
  });

  it('keeps every other error an error, a crash after the retries ran out included', () => {
    expect(
      kafkaLogLevel('error', 'Crash: KafkaJSNumberOfRetriesExceeded: The group coordinator is not available'),
    ).toBe('error');
    expect(kafkaLogLevel('error', 'Restarting the consumer in 200ms')).toBe('error');
    expect(kafkaLogLevel('error', 'Connection error: connect ECONNREFUSED 127.0.0.1:59092')).toBe('error');
    expect(kafkaLogLevel('error', 'Response Produce(key: 0, version: 7)', 'The request timed out')).toBe('error');
  });

  it('leaves lower levels as they are', () => {
    expect(kafkaLogLevel('warn', 'Consumer group received unsubscribed topics')).toBe('warn');
    expect(kafkaLogLevel('info', 'Consumer has joined the group')).toBe('info');
    expect(kafkaLogLevel('debug', 'Found group coordinator')).toBe('debug');
  });
});
