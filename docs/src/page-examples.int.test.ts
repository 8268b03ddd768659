import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../api/src/testing/test-app.ts';
import { ANALYTICS_PAGES } from './testing/analytics-pages.ts';
import {
  GETTING_STARTED,
  pageOutput,
  requireTools,
  runBash,
  runnableShellBlocks,
  scriptAfterGettingStarted,
  sourcePages,
  uniqueTenant,
} from './testing/page-scripts.ts';

// Every shell example of the documentation, run as printed against a real API listening on a
// free port (the pages read `API=${API:-http://127.0.0.1:3001}` and `TENANT=${TENANT:-...}`, so
// the test points them at its API and a tenant of its own without touching the text). Each page
// runs after Getting started, in one bash, as a reader continuing from it would; what it prints
// is checked against what the page says it shows. Pages whose examples read analytics run in
// analytics-examples.int.test.ts, with the stream into ClickHouse running.

let t: TestApp;
let api: string;
beforeAll(async () => {
  requireTools();
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

const json = (line: string | undefined): unknown => JSON.parse(line ?? 'null');

/** What each page prints, line by line, after Getting started's own output. */
const EXPECTED: Record<string, (lines: string[]) => void> = {
  [GETTING_STARTED]: (lines) => {
    expect(json(lines[0])).toEqual({ id: expect.any(String), externalId: 'cust-1001', balance: 0 });
    expect(json(lines[1])).toEqual({
      kind: 'earn',
      points: 100,
      balance: { available: 100, pending: 0, lifetimeEarned: 100, lifetimeRedeemed: 0 },
    });
    expect(json(lines[2])).toEqual({ available: 100, pending: 0, lifetimeEarned: 100, lifetimeRedeemed: 0 });
  },
  'concepts/ledger.md': (lines) => {
    expect(lines.slice(0, 4).map(json)).toEqual([
      { available: 100, pending: 50 },
      { status: 'posted', available: 150, pending: 0 },
      { kind: 'reverse', points: 10, reverses: expect.any(String) },
      { kind: 'adjust', points: -5, available: 125 },
    ]);
    expect(lines.slice(4).map((l) => (json(l) as { kind: string }).kind)).toEqual([
      'adjust',
      'reverse',
      'redeem',
      'earn',
      'earn',
    ]);
  },
  'concepts/expiry.md': (lines) => {
    expect(json(lines[0])).toMatchObject({ points: 20 });
    // No worker runs in tests: the call expires the 20 points itself.
    expect(json(lines[1])).toEqual({ membersAffected: 1, pointsExpired: 20, holdsVoided: 0, holdsConfirmed: 0 });
    expect(json(lines[2])).toEqual({
      kind: 'expire',
      points: -20,
      actor: 'system',
      reason: 'points reached their expiry date',
    });
  },
  'concepts/rules.md': (lines) => {
    const simulated = json(lines[2]) as { points: number; lines: object[]; skipped: object[] };
    // The weekend rule depends on the day in Paris when the test runs.
    if (simulated.points === 67) {
      expect(simulated.lines).toContainEqual({ name: 'Weekend basket', points: 25 });
    } else {
      expect(simulated).toEqual({
        points: 42,
        lines: [{ name: '1 point per euro', points: 42 }],
        skipped: [{ name: 'Weekend basket', reason: 'schedule' }],
      });
    }
  },
  'concepts/tiers.md': (lines) => {
    expect(lines.slice(2).map(json)).toEqual([
      { tier: null, basisPoints: 100, next: 'Silver', pointsNeeded: 50 },
      { from: null, to: 'Silver', reason: 'posting', basisPoints: 160 },
    ]);
  },
  'concepts/campaigns.md': (lines) => {
    expect(json(lines[0])).toMatchObject({ status: 'active', local: { timeZone: 'Europe/Paris' } });
    expect(json(lines[1])).toEqual({ basePoints: 18, campaignBonus: 18, points: 36 });
    expect(json(lines[2])).toEqual({ participants: 1, participations: 1, bonusAwarded: 18, budgetRemaining: 9982 });
  },
  'concepts/rewards.md': (lines) => {
    expect(lines.slice(2).map(json)).toEqual(
      expect.arrayContaining([
        { name: 'Free espresso', eligible: true, reason: null },
        { name: 'Coffee Club mug', eligible: false, reason: 'insufficient_points' },
      ]),
    );
  },
  'guides/purchases-and-refunds.md': (lines) => {
    expect(json(lines[1])).toMatchObject({ order: 'completed', points: 42, balance: 142 });
    expect(lines[2]).toBe('200');
    expect(json(lines[3])).toEqual({ orderId: 'A-1001', status: 'completed', points: 42 });
    expect(json(lines[4])).toEqual({ order: 'partially_refunded', pointsTakenBack: 10, balance: 132 });
    expect(json(lines[5])).toEqual({ order: 'refunded', pointsTakenBack: 32, pointsReversed: 42, balance: 100 });
  },
  'guides/redemptions.md': (lines) => {
    expect(json(lines[0])).toEqual([
      { name: 'Free espresso', pointsCost: 40 },
      { name: 'Tote bag', pointsCost: 50 },
    ]);
    expect(json(lines[1])).toEqual({
      status: 'fulfilled',
      points: 40,
      code: expect.stringMatching(/^ESP-[A-Z2-9]{8}$/),
      balance: 60,
    });
    expect(json(lines[2])).toEqual({ status: 'pending', points: 50 });
    expect(json(lines[3])).toMatchObject({ code: 'insufficient_points', details: { available: 10, requested: 50 } });
    expect(json(lines[4])).toEqual({ status: 'cancelled', balance: 60 });
  },
  'guides/idempotency.md': (lines) => {
    expect(lines[0]!.trim()).toBe('idempotent-replayed: true');
    expect(lines[1]).toMatch(/^one posting: [0-9a-f-]{36}$/);
    expect(json(lines[2])).toEqual({ available: 125 });
    expect(json(lines[3])).toMatchObject({ code: 'idempotency_key_reused', message: expect.stringContaining('body') });
  },
  'guides/rate-limits.md': (lines) => {
    expect(lines.map((l) => l.trim().split(': ')[0])).toEqual([
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
    ]);
    expect(lines[0]!.trim()).toBe('ratelimit-limit: 6000');
  },
  'guides/pagination.md': (lines) => {
    expect(lines.map(json)).toEqual([['cust-1001', 'cust-1002'], ['cust-1003', 'cust-1004'], ['cust-1005']]);
  },
  'guides/errors.md': (lines) => {
    expect(json(lines[0])).toEqual({
      code: 'validation_failed',
      issues: [
        { in: 'body', path: 'points', message: 'points must be a whole number' },
        { in: 'body', path: '(root)', message: 'Unrecognized key: "colour"' },
      ],
    });
    expect(json(lines[1])).toMatchObject({ code: 'insufficient_points' });
    expect(lines[2]).toBe('404');
    expect(json(lines[3])).toMatchObject({ code: 'forbidden', details: { required: 'points:adjust' } });
  },
};

describe('the documentation examples', () => {
  it('runs every page that has shell examples, here or with the analytics stream', () => {
    const withExamples = sourcePages().filter((page) => runnableShellBlocks(page).length > 0);
    expect([...Object.keys(EXPECTED), ...ANALYTICS_PAGES].sort()).toEqual(withExamples);
  });

  for (const page of Object.keys(EXPECTED)) {
    it(`runs ${page} as printed`, async () => {
      const run = await runBash(scriptAfterGettingStarted(page), { API: api, TENANT: uniqueTenant(page) });
      expect({ code: run.code, stderr: run.stderr }, run.stdout).toEqual({ code: 0, stderr: '' });
      EXPECTED[page]!(pageOutput(run.stdout));
    });
  }
});
