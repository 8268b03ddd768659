import { describe, expect, it } from 'vitest';
import { loadClickHouseConfig } from './config.ts';

describe('loadClickHouseConfig', () => {
  it('reads the URL and database', () => {
    expect(loadClickHouseConfig({ CLICKHOUSE_URL: 'http://127.0.0.1:58123', CLICKHOUSE_DATABASE: 'loyalty' })).toEqual({
      url: 'http://127.0.0.1:58123',
      database: 'loyalty',
    });
  });

  it.each([
    [{}, 'CLICKHOUSE_URL is not set; CLICKHOUSE_DATABASE is not set'],
    [{ CLICKHOUSE_URL: 'tcp://host:9000', CLICKHOUSE_DATABASE: 'loyalty' }, 'CLICKHOUSE_URL must be an http(s) URL'],
    [
      { CLICKHOUSE_URL: 'http://host:8123', CLICKHOUSE_DATABASE: 'loyalty; DROP' },
      'CLICKHOUSE_DATABASE must be a plain identifier',
    ],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadClickHouseConfig(env)).toThrow(message);
  });
});
