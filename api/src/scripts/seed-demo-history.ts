import type pg from 'pg';
import { buildApp } from '../app.ts';
import { appDatabaseUrl, loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { withTenant } from '../db/tenant-tx.ts';
import { createTokenService } from '../modules/auth/tokens.ts';
import { generateDemoHistory } from '../modules/tenants/demo-history.ts';
import { counted } from '../modules/tenants/demo-history-progress.ts';
import {
  demoHistoryStatus,
  markDemoHistory,
  tryLockDemoHistory,
  type DemoHistoryStatus,
} from '../modules/tenants/demo-history-status.ts';
import { DEMO, findDemoTenant } from '../modules/tenants/demo-tenant.ts';
import { findUserByEmail } from '../modules/users/users.repository.ts';

// Months of purchases, redemptions and refunds for the demo tenant (see demo-history.ts), once.
// `npm start` runs it in the background once the API answers, and shows what it prints: one
// line to say what it does, progress lines, and a last line. Exit code 1 only for a failure.

const config = loadApiConfig();
const say = (line: string) => console.log(line);

if (config.DEMO_HISTORY_MEMBERS === 0) {
  say('demo history: off (DEMO_HISTORY_MEMBERS=0)');
} else {
  // One connection holds the lock for the whole run; the generator needs a few besides.
  const pool = createPool(appDatabaseUrl(config), 6);
  try {
    await fillHistory(pool);
  } finally {
    await pool.end();
  }
}

async function fillHistory(pool: pg.Pool): Promise<void> {
  const demo = await findDemoTenant(pool);
  if (!demo) throw new Error(`the demo tenant "${DEMO.slug}" does not exist: run api/src/scripts/seed-demo.ts first`);
  const lock = await tryLockDemoHistory(pool, demo.programId);
  if (!lock) {
    say('demo history: another process is generating it now');
    return;
  }
  try {
    const status = await demoHistoryStatus(pool, demo.tenantId, demo.programId);
    if (status.state !== 'none') {
      statusLines(status).forEach(say);
      return;
    }
    await generate(pool, demo);
  } finally {
    await lock.release();
  }
}

function statusLines(status: Exclude<DemoHistoryStatus, { state: 'none' }>): string[] {
  switch (status.state) {
    case 'completed':
      return [`demo history: already there (generated ${status.at.toISOString().slice(0, 10)})`];
    case 'present':
      return ['demo history: already there'];
    case 'interrupted':
      // Nothing safe to do on top of a half-written history (see demo-history-status.ts).
      return [
        `demo history: an earlier run (started ${status.startedAt.toISOString()}) stopped before it finished; ` +
          'the demo tenant keeps what it wrote.',
        `demo history: for a complete one, stop npm start, run ${dropDatabaseCommand(config.DATABASE_URL)}, ` +
          "and npm start again (the stack's own Postgres creates the database anew).",
      ];
  }
}

/** psql dropping the API's database, from the admin database of the same server (no password shown). */
function dropDatabaseCommand(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  url.password = '';
  return `psql '${url}' -c 'DROP DATABASE "${database}" WITH (FORCE)'`;
}

async function generate(pool: pg.Pool, demo: { tenantId: string; programId: string }) {
  const { DEMO_HISTORY_MEMBERS: members, DEMO_HISTORY_DAYS: days, DEMO_HISTORY_SEED: seed } = config;
  say(
    `demo history: generating ${days} days for ${members.toLocaleString('en-US')} members (seed ${seed}; ` +
      'DEMO_HISTORY_MEMBERS=0 turns it off)',
  );
  const app = await buildApp({
    config: { ...config, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: 100_000_000 },
    pool,
  });
  try {
    const auth = await ownerAuthorization(pool, demo.tenantId);
    const t0 = performance.now();
    await markDemoHistory(pool, demo.tenantId, demo.programId, 'started', { members, days, seed });
    const totals = await generateDemoHistory(app, auth, pool, { ...demo, members, days, seed, log: say });
    await markDemoHistory(pool, demo.tenantId, demo.programId, 'completed', { members, days, seed, ...totals });
    say(
      `demo history: done in ${Math.round((performance.now() - t0) / 1000)} s: ${counted(totals.purchases, 'purchase')}, ` +
        `${counted(totals.redemptions, 'redemption')}, ${counted(totals.refunds, 'refund')}`,
    );
  } finally {
    await app.close();
  }
}

/**
 * The demo owner's access token, signed here rather than obtained by logging in: the owner's
 * password may be one seed-demo.ts generated and printed, unknown to this process. It never
 * leaves the process, and lives a day, since configuring the program and enrolling tens of
 * thousands of members through the API can outlast an ordinary access token.
 */
async function ownerAuthorization(pool: pg.Pool, tenantId: string): Promise<{ authorization: string }> {
  const owner = await withTenant(pool, tenantId, (tx) => findUserByEmail(tx, DEMO.ownerEmail));
  if (!owner) throw new Error(`the demo owner ${DEMO.ownerEmail} does not exist`);
  const tokens = createTokenService(config.AUTH_TOKEN_SECRET, 86_400);
  const token = await tokens.signAccess({ tenantId, userId: owner.id, role: owner.role });
  return { authorization: `Bearer ${token}` };
}
