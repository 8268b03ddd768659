import { loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { seedDemoTenant } from '../modules/tenants/demo-tenant.ts';

const config = loadApiConfig();
const pool = createPool(config.DATABASE_URL, 2);
try {
  const tenant = await seedDemoTenant(pool);
  console.log(`demo tenant: ${tenant.name} (slug ${tenant.slug}, id ${tenant.id})`);
} finally {
  await pool.end();
}
