import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.ts';
import { loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { createPrisma } from '../db/prisma.ts';
import { withTenant } from '../db/tenant-tx.ts';
import { generateDemoHistory } from '../modules/tenants/demo-history.ts';
import { DEMO, seedDemoTenant } from '../modules/tenants/demo-tenant.ts';

const config = loadApiConfig();
const pool = createPool(config.DATABASE_URL, 4);
const prisma = await createPrisma(pool);
try {
  const password = config.DEMO_OWNER_PASSWORD ?? randomBytes(12).toString('base64url');
  const { tenantId, programId, created } = await seedDemoTenant(pool, prisma, config, password);
  console.log(
    `demo tenant "${DEMO.slug}" (${tenantId}) ${created ? 'created' : 'already there'}; console login: ${DEMO.ownerEmail}${created && !config.DEMO_OWNER_PASSWORD ? ` / ${password}` : ' (password: DEMO_OWNER_PASSWORD in .stack/secrets.env)'}`,
  );
  await seedHistory(tenantId, programId, created ? password : config.DEMO_OWNER_PASSWORD);
} finally {
  await prisma.$disconnect();
  await pool.end();
}

/** Once: months of purchases, redemptions and refunds (see demo-history.ts). */
async function seedHistory(tenantId: string, programId: string, ownerPassword: string | undefined): Promise<void> {
  if (config.DEMO_HISTORY_MEMBERS === 0) return;
  const orders = await withTenant(
    pool,
    tenantId,
    async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n,
  );
  if (orders > 0) return;
  if (!ownerPassword) {
    console.log('demo history skipped: the demo owner password is unknown (set DEMO_OWNER_PASSWORD)');
    return;
  }
  const app = await buildApp({
    config: { ...config, LOG_LEVEL: 'warn', EXPIRY_SWEEP_SECONDS: 0, RATE_LIMIT_PER_MINUTE: 100_000_000 },
    pool,
  });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { tenant: DEMO.slug, email: DEMO.ownerEmail, password: ownerPassword },
    });
    if (login.statusCode !== 200) throw new Error(`demo owner login failed: ${login.statusCode} ${login.body}`);
    const auth = { authorization: `Bearer ${login.json().accessToken}` };
    console.log(
      `generating ${config.DEMO_HISTORY_DAYS} days of history for ${config.DEMO_HISTORY_MEMBERS} members (seed ${config.DEMO_HISTORY_SEED}); set DEMO_HISTORY_MEMBERS=0 to skip`,
    );
    const t0 = performance.now();
    const totals = await generateDemoHistory(app, auth, pool, {
      tenantId,
      programId,
      members: config.DEMO_HISTORY_MEMBERS,
      days: config.DEMO_HISTORY_DAYS,
      seed: config.DEMO_HISTORY_SEED,
      log: (m) => console.log(`  ${m}`),
    });
    console.log(
      `demo history: ${totals.purchases} purchases, ${totals.redemptions} redemptions, ${totals.refunds} refunds in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    await app.close();
  }
}
