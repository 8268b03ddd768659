import { randomBytes } from 'node:crypto';
import { loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { createPrisma } from '../db/prisma.ts';
import { DEMO, seedDemoTenant } from '../modules/tenants/demo-tenant.ts';

const config = loadApiConfig();
const pool = createPool(config.DATABASE_URL, 2);
const prisma = await createPrisma(pool);
try {
  const password = config.DEMO_OWNER_PASSWORD ?? randomBytes(12).toString('base64url');
  const { tenantId, created } = await seedDemoTenant(pool, prisma, config, password);
  console.log(`demo tenant "${DEMO.slug}" (${tenantId}) ${created ? 'created' : 'already there'}; console login: ${DEMO.ownerEmail}${created && !config.DEMO_OWNER_PASSWORD ? ` / ${password}` : ' (password: DEMO_OWNER_PASSWORD in .stack/secrets.env)'}`);
} finally {
  await prisma.$disconnect();
  await pool.end();
}
