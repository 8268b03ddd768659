import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { seededRandom, type Purchase, type SeededRandom as Random } from '@loyalty/shared';
import { withTenant } from '../../db/tenant-tx.ts';
import { createLedgerService } from '../ledger/ledger.service.ts';
import { createRedemptionsService } from '../rewards/redemptions.service.ts';
import { createCampaignsCache, createRulesCache } from '../transactions/program-config-cache.ts';
import { createTransactionsService } from '../transactions/transactions.service.ts';
import {
  DEMO_GIFT_CARD_CODES,
  DEMO_PRODUCTS,
  DEMO_REWARDS,
  DEMO_RULES,
  DEMO_SEGMENTS,
  DEMO_TIERS,
} from './demo-catalogue.ts';
import { isProgressDay, progressLine, type DemoHistoryTotals } from './demo-history-progress.ts';

// Months of realistic history for the demo program, so the reports show something real on a
// newcomer's first look. Seeded: the same seed gives the same members, visits, baskets, refunds
// and redemption attempts. The points they earn also depend on the calendar (rules have
// schedules, the campaign runs around today), and with them which redemptions can be afforded. The program is configured through the API (rules, tiers, rewards, segments,
// campaigns, members); the history itself goes through the same services the API's routes call,
// with a simulated clock: over HTTP the ledger stamps every posting with the real time, and a
// history needs postings dated over past months.

const DAY_MS = 86_400_000;

export interface DemoHistoryOptions {
  tenantId: string;
  programId: string;
  members: number;
  days: number;
  seed: number;
  /** Phase lines, and a progress line at every tenth of the period. */
  log?: (message: string) => void;
}

async function call(
  app: FastifyInstance,
  auth: Record<string, string>,
  method: 'POST',
  url: string,
  payload: unknown,
): Promise<{ id?: string } & Record<string, unknown>> {
  const res = await app.inject({ method, url, headers: auth, payload: payload as object });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** Rules, tiers, rewards, segments and campaigns, through the API. Returns the reward ids. */
async function configure(
  app: FastifyInstance,
  auth: Record<string, string>,
  programId: string,
  rnd: Random,
  now: Date,
): Promise<{ id: string; cost: number }[]> {
  const on = (path: string, body: unknown) => call(app, auth, 'POST', `/v1/programs/${programId}/${path}`, body);
  for (const rule of DEMO_RULES) await on('rules', rule);
  const tierIds: string[] = [];
  for (const tier of DEMO_TIERS) tierIds.push((await on('tiers', tier)).id!);
  const rewards: { id: string; cost: number }[] = [];
  for (const { gold, ...reward } of DEMO_REWARDS.map((r) => ({ gold: false, ...r }))) {
    const created = await on('rewards', { ...reward, ...(gold ? { tierIds: [tierIds.at(-1)] } : {}) });
    rewards.push({ id: created.id!, cost: reward.pointsCost });
    if (reward.type === 'digital') {
      const codes = Array.from(
        { length: DEMO_GIFT_CARD_CODES },
        (_, i) => `GIFT-${String(i).padStart(4, '0')}-${rnd.int(1000, 9999)}`,
      );
      await call(app, auth, 'POST', `/v1/rewards/${created.id}/codes`, { codes });
    }
  }
  for (const segment of DEMO_SEGMENTS) await on('segments', segment);
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  const winter = await on('campaigns', {
    name: 'Winter warmers: double points',
    description: 'Double points on every order',
    startsAt: at(-21),
    endsAt: at(14),
    bonus: { type: 'multiplier', multiplier: 2 },
    budgetPoints: 250_000,
  });
  await call(app, auth, 'POST', `/v1/campaigns/${winter.id}/publish`, {});
  const beans = await on('campaigns', {
    name: 'Holiday beans',
    description: '50 bonus points on coffee beans',
    startsAt: at(10),
    endsAt: at(40),
    bonus: { type: 'fixed', points: 50 },
    condition: { field: 'transaction.category', op: 'eq', value: 'beans' },
    maxParticipationsPerMember: 3,
  });
  await call(app, auth, 'POST', `/v1/campaigns/${beans.id}/publish`, {});
  return rewards;
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Frances',
  'Dennis',
  'Radia',
  'Tim',
  'Hedy',
  'John',
  'Katherine',
  'Linus',
];
const STORES = ['paris-marais', 'paris-bastille', 'lyon-centre', 'online'];

interface DemoMember {
  id: string;
  /** Visits per day while active. */
  rate: number;
  joins: number;
  /** The day the member stops coming, or never. */
  leaves: number;
  store: string;
}

async function enrol(
  app: FastifyInstance,
  auth: Record<string, string>,
  programId: string,
  count: number,
  days: number,
  rnd: Random,
): Promise<DemoMember[]> {
  const members: DemoMember[] = [];
  for (let n = 0; n < count; n++) {
    const store = rnd.pick(STORES);
    const created = await call(app, auth, 'POST', `/v1/programs/${programId}/members`, {
      externalId: `demo-${String(n).padStart(5, '0')}`,
      name: `${rnd.pick(FIRST)} ${String.fromCharCode(65 + rnd.int(0, 25))}.`,
      birthday: `19${rnd.int(55, 99)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
      attributes: { favouriteDrink: rnd.pick(['espresso', 'flat white', 'cappuccino', 'green tea']), homeStore: store },
    });
    // A few regulars, many occasional visitors; members join over the first two thirds of the
    // period (cohorts), and a third of them stop coming at some point (retention).
    const kind = rnd.next();
    const rate = kind < 0.15 ? 0.35 : kind < 0.5 ? 0.1 : 0.03;
    const joins = rnd.int(0, Math.floor((days * 2) / 3));
    const leaves = rnd.next() < 0.33 ? rnd.int(joins + 7, days + 30) : Number.POSITIVE_INFINITY;
    members.push({ id: created.id!, rate, joins, leaves, store });
  }
  return members;
}

function basket(rnd: Random, at: Date, store: string): Purchase {
  const lines = Array.from({ length: rnd.int(1, 3) }, () => {
    const p = rnd.pick(DEMO_PRODUCTS);
    const quantity = rnd.next() < 0.85 ? 1 : 2;
    return { sku: p.sku, category: p.category, quantity, amount: p.price * quantity };
  });
  return {
    amount: lines.reduce((s, l) => s + l.amount, 0),
    currency: 'EUR',
    occurredAt: at.toISOString(),
    channel: store === 'online' ? 'web' : 'pos',
    store,
    lines,
  };
}

/** Runs `fn` in a savepoint: a refusal (a 409: out of stock, not enough points) undoes only it. */
async function attempt(tx: pg.PoolClient, fn: () => Promise<unknown>): Promise<boolean> {
  await tx.query('SAVEPOINT demo_op');
  try {
    await fn();
    await tx.query('RELEASE SAVEPOINT demo_op');
    return true;
  } catch {
    await tx.query('ROLLBACK TO SAVEPOINT demo_op');
    return false;
  }
}

export async function generateDemoHistory(
  app: FastifyInstance,
  auth: Record<string, string>,
  pool: pg.Pool,
  o: DemoHistoryOptions,
) {
  const log = o.log ?? (() => undefined);
  const t0 = performance.now();
  const rnd = seededRandom(o.seed);
  const end = new Date();
  const start = new Date(end.getTime() - o.days * DAY_MS);
  log(
    `demo history: configuring the program through the API and enrolling ${o.members.toLocaleString('en-US')} members`,
  );
  const rewards = await configure(app, auth, o.programId, rnd, end);
  const members = await enrol(app, auth, o.programId, o.members, o.days, rnd);
  log(`demo history: program configured, ${members.length} members enrolled; now ${o.days} days of visits`);

  let clock = start;
  const now = () => clock;
  const ledger = createLedgerService(now);
  const transactions = createTransactionsService({
    ledger,
    rules: createRulesCache(),
    campaigns: createCampaignsCache(now),
    now,
  });
  const redemptions = createRedemptionsService({ now, ledger });
  const principal = {
    tenantId: o.tenantId,
    actor: { type: 'system' as const, id: 'demo-history' },
    permissions: new Set<never>(),
  };
  const refunds = new Map<number, { orderRef: string; amount: number }[]>();
  const totals: DemoHistoryTotals = { purchases: 0, redemptions: 0, refunds: 0 };

  for (let day = 0; day < o.days; day++) {
    const visits: { member: DemoMember; at: Date }[] = [];
    for (const member of members) {
      if (day < member.joins || day >= member.leaves || rnd.next() >= member.rate) continue;
      // Opening hours, 07:00-19:00 in Paris (UTC+1 in winter; close enough for a demo).
      visits.push({ member, at: new Date(start.getTime() + day * DAY_MS + rnd.int(6 * 60, 18 * 60) * 60_000) });
    }
    visits.sort((a, b) => a.at.getTime() - b.at.getTime());
    await withTenant(pool, o.tenantId, async (tx) => {
      for (const [n, { member, at }] of visits.entries()) {
        if (at > end) break;
        clock = at;
        const orderRef = `demo-${day}-${n}`;
        const purchase = basket(rnd, at, member.store);
        if (
          await attempt(tx, () =>
            transactions.record(tx, principal, o.programId, member.id, orderRef, purchase, orderRef),
          )
        )
          totals.purchases++;
        if (rnd.next() < 0.02) {
          const later = day + rnd.int(1, 5);
          refunds.set(later, [
            ...(refunds.get(later) ?? []),
            { orderRef, amount: rnd.next() < 0.5 ? purchase.amount : Math.ceil(purchase.amount / 2) },
          ]);
        }
        // Drawn whatever the balance, so the random stream never depends on the points earned.
        const [wantsReward, choice] = [rnd.next() < 0.25, rnd.next()];
        if (wantsReward) {
          const { available } = await ledger.balance(tx, member.id);
          const affordable = rewards.filter((r) => r.cost <= available);
          const reward = affordable[Math.floor(choice * affordable.length)];
          if (
            reward &&
            (await attempt(tx, () => redemptions.redeem(tx, principal, member.id, { rewardId: reward.id })))
          )
            totals.redemptions++;
        }
      }
      clock = new Date(Math.min(start.getTime() + (day + 1) * DAY_MS - 60_000, end.getTime()));
      for (const r of refunds.get(day) ?? []) {
        if (
          await attempt(tx, () =>
            transactions.refund(tx, principal, o.programId, r.orderRef, {
              amount: r.amount,
              reason: 'returned at the counter',
            }),
          )
        )
          totals.refunds++;
      }
    });
    if (isProgressDay(day + 1, o.days))
      log(progressLine({ day: day + 1, days: o.days, totals, elapsedMs: performance.now() - t0 }));
  }
  return totals;
}
