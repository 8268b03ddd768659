import { randomBytes } from 'node:crypto';
import { appDatabaseUrl, loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { createPrisma } from '../db/prisma.ts';
import { DEMO, seedDemoTenant } from '../modules/tenants/demo-tenant.ts';

// The demo tenant, its owner and program: quick, so `npm start` runs it before the apps. Its
// months of history take minutes and come afterwards, in the background (seed-demo-history.ts).

const config = loadApiConfig();
const pool = createPool(appDatabaseUrl(config), 4);
const prisma = await createPrisma(pool);
try {
  const password = config.DEMO_OWNER_PASSWORD ?? randomBytes(12).toString('base64url');
  const { tenantId, created } = await seedDemoTenant(pool, prisma, config, password);
  // A password made up here is shown once: nothing else knows it.
  const login = created && !config.DEMO_OWNER_PASSWORD ? `; console login: ${DEMO.ownerEmail} / ${password}` : '';
  console.log(`demo tenant "${DEMO.slug}" (${tenantId}) ${created ? 'created' : 'already there'}${login}`);
} finally {
  await prisma.$disconnect();
  await pool.end();
}
