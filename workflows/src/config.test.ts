import { describe, expect, it } from 'vitest';
import { loadWorkerConfig, workerDatabaseUrl } from './config.ts';

const base = { TEMPORAL_ADDRESS: '127.0.0.1:57233', DATABASE_URL: 'postgres://loyalty@127.0.0.1:55432/loyalty' };

describe('loadWorkerConfig', () => {
  it('gives the documented defaults: one task queue, expiry every minute, tiers at 03:00 UTC, segments every 15 minutes', () => {
    expect(loadWorkerConfig(base)).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      WORKFLOWS_TASK_QUEUE: 'loyalty-workflows',
      EXPIRY_SCHEDULE_SECONDS: 60,
      IDEMPOTENCY_RETENTION_SCHEDULE_SECONDS: 600,
      SCHEDULE_RECONCILE_SECONDS: 60,
      IDEMPOTENCY_TTL_HOURS: 24,
      TIER_RECALC_HOUR_UTC: 3,
      SEGMENT_REFRESH_SCHEDULE_SECONDS: 900,
      LOG_LEVEL: 'INFO',
    });
    expect(loadWorkerConfig(base).CLICKHOUSE_URL).toBeUndefined();
  });

  it('refuses an hour of the day outside 0-23', () => {
    expect(() => loadWorkerConfig({ ...base, TIER_RECALC_HOUR_UTC: '24' })).toThrow(/TIER_RECALC_HOUR_UTC/);
    expect(loadWorkerConfig({ ...base, TIER_RECALC_HOUR_UTC: '0' }).TIER_RECALC_HOUR_UTC).toBe(0);
  });

  it('maps the API log level names onto Temporal logger levels', () => {
    expect(loadWorkerConfig({ ...base, LOG_LEVEL: 'silent' }).LOG_LEVEL).toBe('ERROR');
    expect(loadWorkerConfig({ ...base, LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('DEBUG');
  });

  it('fails fast naming each bad variable', () => {
    expect(() =>
      loadWorkerConfig({ DATABASE_URL: 'nope', WORKFLOWS_TASK_QUEUE: 'has space', EXPIRY_SCHEDULE_SECONDS: '0' }),
    ).toThrow(/TEMPORAL_ADDRESS[\s\S]*WORKFLOWS_TASK_QUEUE[\s\S]*DATABASE_URL[\s\S]*EXPIRY_SCHEDULE_SECONDS/);
  });

  it('logs activities in as loyalty_app, so row-level security applies', () => {
    expect(new URL(workerDatabaseUrl(loadWorkerConfig(base))).username).toBe('loyalty_app');
  });
});
