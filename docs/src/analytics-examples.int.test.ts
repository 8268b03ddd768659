import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../api/src/testing/test-app.ts';
import {
  startRelay,
  startSink,
  type RunningRelay,
  type RunningSink,
} from '../../pipeline/src/testing/pipeline-harness.ts';
import {
  deleteTestTopics,
  freshClickHouse,
  testKafka,
  uniqueTopic,
  waitFor,
  type TestClickHouse,
} from '../../pipeline/src/testing/stack-fixtures.ts';
import { ANALYTICS_PAGES } from './testing/analytics-pages.ts';
import {
  GETTING_STARTED,
  pageScript,
  requireTools,
  runBash,
  runnableSqlBlocks,
  uniqueTenant,
  type BashRun,
} from './testing/page-scripts.ts';

// The examples that read analytics, run as printed with the real stream running: the API, the
// outbox relay and the ClickHouse sink (in this process, on a topic and a ClickHouse database of
// this file's own). First the pages the data-team guide says made its data run, as a reader
// would; once ClickHouse holds every event they wrote, the analytics pages' shell examples run
// with the same variables (bash's own `declare -p` carries them over), then the guide's SQL
// examples run with the tenant and program as query parameters, as the guide says to pass them.

const SEEDING_PAGES = [GETTING_STARTED, 'concepts/ledger.md', 'guides/purchases-and-refunds.md'];
const [SEGMENTS_PAGE, DATA_PAGE] = ANALYTICS_PAGES;
const kafka = testKafka();
let t: TestApp;
let ch: TestClickHouse;
let api: string;
let stateDir: string;
const running: (RunningRelay | RunningSink)[] = [];
const seeded = { tenantId: '', programId: '', tenant: uniqueTenant('analytics') };

const ok = (run: BashRun) =>
  expect({ code: run.code, stderr: run.stderr }, run.stdout).toEqual({ code: 0, stderr: '' });
const lines = (run: BashRun) => run.stdout.split('\n').filter((l) => l.trim() !== '');
const state = () => path.join(stateDir, 'variables.sh');

beforeAll(async () => {
  requireTools();
  ch = await freshClickHouse('docs');
  t = await createTestApp({ CLICKHOUSE_DATABASE: ch.database });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  stateDir = mkdtempSync(path.join(tmpdir(), 'docs-analytics-'));
  // The relay publishes the run's whole outbox in commit order, what earlier test files left
  // unpublished first: the wait below allows for that backlog (at a conservative 1,000 events/s).
  const backlog = await t.ownerPool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  const streamTimeoutMs = 30_000 + backlog.rows[0]!.n;
  const topic = uniqueTopic();
  running.push(await startRelay(kafka, topic), await startSink(kafka, topic, ch.database));

  const seeding = [...SEEDING_PAGES.map(pageScript), `declare -p API TENANT TOKEN KEY P M > '${state()}'`].join('\n');
  ok(await runBash(seeding, { API: api, TENANT: seeded.tenant }));
  const { rows } = await t.ownerPool.query<{ id: string; program: string; events: string }>(
    `SELECT t.id, (SELECT p.id FROM programs p WHERE p.tenant_id = t.id) AS program,
            (SELECT count(*) FROM outbox o WHERE o.tenant_id = t.id) AS events
       FROM tenants t WHERE t.slug = $1`,
    [seeded.tenant],
  );
  seeded.tenantId = rows[0]!.id;
  seeded.programId = rows[0]!.program;
  await waitFor(
    'ClickHouse to hold every event the examples wrote',
    async () => {
      const rs = await ch.client.query({
        query: 'SELECT count() AS n FROM events FINAL WHERE tenant_id = {tenant:UUID}',
        query_params: { tenant: seeded.tenantId },
        format: 'JSONEachRow',
      });
      return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
    },
    (n) => n >= Number(rows[0]!.events),
    streamTimeoutMs,
    100,
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop().catch(() => undefined)));
  await deleteTestTopics(kafka).catch(() => undefined);
  await ch?.drop();
  await t?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

/** A page's shell examples, after the seeding pages, with their variables. */
function runAfterSeeding(page: string, env: Record<string, string> = {}) {
  return runBash(`source '${state()}'\n${pageScript(page)}`, { API: api, ...env });
}

// 64-bit integers come as JSON strings from a server that quotes them, as numbers otherwise.
const numeric = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v]),
  );

const sql = async (query: string) => {
  const rs = await ch.client.query({
    query,
    query_params: { tenant: seeded.tenantId, program: seeded.programId },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(numeric);
};

describe('the data-team guide', () => {
  it('runs its shell examples as printed: a data-team user, and a query over HTTP', async () => {
    const run = await runAfterSeeding(DATA_PAGE, {
      CLICKHOUSE: t.config.CLICKHOUSE_URL!,
      CLICKHOUSE_DATABASE: ch.database,
    });
    ok(run);
    const [user, ...postings] = lines(run);
    // The embedded engine cannot create users: recorded, not provisioned, as the guide warns.
    expect(JSON.parse(user!)).toEqual({ username: expect.any(String), provisioned: false, database: ch.database });
    expect(postings.map((l) => JSON.parse(l))).toEqual([
      ['adjust', 1, -5],
      ['earn', 3, 192],
      ['redeem', 1, -30],
      ['reverse', 3, -32],
    ]);
  });

  it('runs its SQL examples against the data the examples made, with the figures the ledger has', async () => {
    const blocks = runnableSqlBlocks(DATA_PAGE);
    const results = [];
    for (const block of blocks) results.push(await sql(block.code));
    const [byKind, daily, outstanding, engaged, orders, events] = results;
    expect(results).toHaveLength(6);

    // ClickHouse's figures are the ledger's: the member's balance in Postgres.
    const { rows: ledger } = await t.ownerPool.query<{ available: string }>(
      'SELECT available FROM member_balances WHERE tenant_id = $1',
      [seeded.tenantId],
    );
    const available = Number(ledger[0]!.available);
    expect(available).toBe(125);

    expect(byKind).toEqual([
      { kind: 'adjust', status: 'posted', postings: 1, points: -5 },
      { kind: 'earn', status: 'posted', postings: 3, points: 192 },
      { kind: 'redeem', status: 'posted', postings: 1, points: -30 },
      { kind: 'reverse', status: 'posted', postings: 3, points: -32 },
    ]);
    const total = (field: string) => daily!.reduce((s, r) => s + Number(r[field]), 0);
    expect({
      issued: total('points_issued'),
      net: total('net_points'),
      clawedBack: total('points_clawed_back'),
    }).toEqual({
      issued: 192,
      net: available,
      clawedBack: 42,
    });
    expect(outstanding).toEqual([
      { members: 1, members_with_points: 1, points_outstanding: available, points_pending: 0 },
    ]);
    expect(engaged).toEqual([
      expect.objectContaining({ balance: available, lifetime_earned: 150, transaction_count: 3 }),
    ]);
    expect(orders).toEqual([
      expect.objectContaining({ order_ref: 'A-1001', points_earned: 42, points_taken_back: 42 }),
    ]);
    expect(events).toContainEqual({ type: 'transaction_created', events: 9 });
    expect(events).toContainEqual({ type: 'order_refunded', events: 2 });
  });
});

describe('the segments page', () => {
  it('runs its examples as printed: the dynamic segment finds the member once analytics have its points', async () => {
    const run = await runAfterSeeding(SEGMENTS_PAGE);
    ok(run);
    const [added, evaluated, member] = lines(run).map((l) => JSON.parse(l));
    expect(added).toEqual({ added: 1, alreadyPresent: 0, notFound: 0 });
    expect(evaluated).toEqual({ matched: 1, added: 1, removed: 0, members: 1 });
    expect(member).toEqual({ externalId: 'cust-1001', sources: ['rule'] });
  });
});
