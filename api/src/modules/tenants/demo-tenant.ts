import type pg from 'pg';
import { ensureTenant, type TenantRow } from './tenants.repository.ts';

export const DEMO_TENANT = { slug: 'demo', name: 'Demo Coffee Co.' } as const;

/** The tenant a newcomer sees after `npm start`; seeding twice leaves one tenant. */
export function seedDemoTenant(db: pg.Pool): Promise<TenantRow> {
  return ensureTenant(db, DEMO_TENANT.slug, DEMO_TENANT.name);
}
