import { randomBytes } from 'node:crypto';
import { loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { DEMO, seedDemoTenant } from '../modules/tenants/demo-tenant.ts';

const config = loadApiConfig();
const pool = createPool(config.DATABASE_URL, 2);
try {
  const password = config.DEMO_OWNER_PASSWORD ?? randomBytes(12).toString('base64url');
  const { tenantId, created } = await seedDemoTenant(pool, config, password);
  console.log(`demo tenant "${DEMO.slug}" (${tenantId}) ${created ? 'created' : 'already there'}; console login: ${DEMO.ownerEmail}${created && !config.DEMO_OWNER_PASSWORD ? ` / ${password}` : ' (password: DEMO_OWNER_PASSWORD in .stack/secrets.env)'}`);
} finally {
  await pool.end();
}
