import { describe, expect, it } from 'vitest';
import { loadStackConfig } from './stack-config.ts';

describe('stack config', () => {
  it('gives the apps the ports they default to on their own', () => {
    expect(loadStackConfig({}).apps).toEqual({
      apiHost: '127.0.0.1',
      apiPort: 3001,
      metricsHost: '127.0.0.1',
      relayMetricsPort: 9464,
      sinkMetricsPort: 9465,
      workerHealthPort: 9466,
      verbose: false,
    });
  });

  it('moves every port a second copy needs, and reads the verbose switch', () => {
    const c = loadStackConfig({
      STACK_POSTGRES_PORT: '56432',
      API_PORT: '3101',
      RELAY_METRICS_PORT: '9564',
      SINK_METRICS_PORT: '9565',
      WORKER_HEALTH_PORT: '9566',
      LOYALTY_VERBOSE: '1',
    });
    expect(c.postgres.port).toBe(56432);
    expect(c.apps).toMatchObject({
      apiPort: 3101,
      relayMetricsPort: 9564,
      sinkMetricsPort: 9565,
      workerHealthPort: 9566,
      verbose: true,
    });
    expect(loadStackConfig({ LOYALTY_VERBOSE: 'true' }).apps.verbose).toBe(true);
    expect(loadStackConfig({ LOYALTY_VERBOSE: '0' }).apps.verbose).toBe(false);
  });

  it('refuses a port the launcher could not print, naming the variable', () => {
    expect(() => loadStackConfig({ API_PORT: '0' })).toThrow(/API_PORT/);
    expect(() => loadStackConfig({ LOYALTY_VERBOSE: 'yes' })).toThrow(/LOYALTY_VERBOSE must be 1\/true or 0\/false/);
  });
});
