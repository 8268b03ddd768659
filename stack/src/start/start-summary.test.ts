import { describe, expect, it } from 'vitest';
import { startSummary, type StartSummary } from './start-summary.ts';

const base: StartSummary = {
  readyAfterMs: 12_345,
  api: 'http://127.0.0.1:3001',
  relayMetrics: 'http://127.0.0.1:9464/metrics',
  sinkMetrics: 'http://127.0.0.1:9465/metrics',
  worker: {
    health: 'http://127.0.0.1:9466/health',
    schedules: 'http://127.0.0.1:58233/namespaces/default/schedules',
  },
  services: [
    { name: 'postgres', where: 'postgres://loyalty@127.0.0.1:55432/loyalty' },
    { name: 'temporal', where: '127.0.0.1:57233, web UI http://127.0.0.1:58233' },
  ],
  demo: { slug: 'demo', ownerEmail: 'owner@demo.example', passwordFrom: 'DEMO_OWNER_PASSWORD in .stack/secrets.env' },
  logs: ['.stack/logs/api.log', '.stack/logs/relay.log'],
  verbose: false,
};

describe('startSummary', () => {
  it('says what runs where, how to log in, where the logs are and how to stop, one row each', () => {
    expect(startSummary(base)).toEqual([
      '',
      'Loyalty Studio is running: the API answered /ready 12.3 s after the launcher started.',
      '  API           http://127.0.0.1:3001  (reference http://127.0.0.1:3001/docs)',
      '  documentation http://127.0.0.1:3001/guide/',
      '  console       http://127.0.0.1:3001/console/  (desktop app: npm run console)',
      '  relay, sink   metrics http://127.0.0.1:9464/metrics, http://127.0.0.1:9465/metrics',
      '  worker        health http://127.0.0.1:9466/health; schedules http://127.0.0.1:58233/namespaces/default/schedules',
      '  postgres      postgres://loyalty@127.0.0.1:55432/loyalty',
      '  temporal      127.0.0.1:57233, web UI http://127.0.0.1:58233',
      '  demo login    tenant "demo", owner@demo.example, password: DEMO_OWNER_PASSWORD in .stack/secrets.env',
      '  demo history  filled in behind the running platform when missing; its progress shows below',
      '  logs          .stack/logs/api.log  .stack/logs/relay.log',
      '                to see them here too: npm start -- --verbose, or LOYALTY_VERBOSE=1',
      '  stop          Ctrl-C stops the apps; the services run on until `npm run stack -- down`',
      '',
    ]);
  });

  it('does not offer the verbose switch when it is on', () => {
    expect(startSummary({ ...base, verbose: true })).toContain('                (and here, verbose)');
  });
});
