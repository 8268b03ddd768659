import { programSettingsSchema } from '@loyalty/shared';
import type pg from 'pg';
import type { Prisma } from '../../db/prisma.ts';
import type { ApiConfig } from '../../config.ts';
import { withTenant } from '../../db/tenant-tx.ts';
import { createTokenService } from '../auth/tokens.ts';
import { createLedgerService } from '../ledger/ledger.service.ts';
import { createMembersService } from '../members/members.service.ts';
import { createPiiCipher } from '../members/pii-crypto.ts';
import { insertProgramSql } from '../programs/programs.repository.ts';
import { createTenantsService } from './tenants.service.ts';
import { findTenantIdBySlug } from './tenants.repository.ts';

export const DEMO = { slug: 'demo', name: 'Demo Coffee Co.', ownerEmail: 'owner@demo.example' } as const;

const FIRST_NAMES = [
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
];

/** The demo tenant and its program (the first one), once seeded. */
export async function findDemoTenant(pool: pg.Pool): Promise<{ tenantId: string; programId: string } | undefined> {
  const tenantId = await findTenantIdBySlug(pool, DEMO.slug);
  if (!tenantId) return undefined;
  const programId = await withTenant(
    pool,
    tenantId,
    async (tx) => (await tx.query<{ id: string }>('SELECT id FROM programs ORDER BY created_at LIMIT 1')).rows[0]!.id,
  );
  return { tenantId, programId };
}

/**
 * The tenant a newcomer sees after `npm start`: an owner, a program and a dozen members with
 * some history. Seeding again changes nothing.
 */
export async function seedDemoTenant(
  pool: pg.Pool,
  prisma: Prisma,
  config: ApiConfig,
  ownerPassword: string,
): Promise<{ tenantId: string; programId: string; created: boolean }> {
  const existing = await findDemoTenant(pool);
  if (existing) return { ...existing, created: false };
  const tokens = createTokenService(config.AUTH_TOKEN_SECRET, config.ACCESS_TOKEN_TTL_SECONDS);
  const onboarded = await createTenantsService({ prisma, tokens }).onboard(
    {
      tenant: { slug: DEMO.slug, name: DEMO.name },
      owner: { email: DEMO.ownerEmail, name: 'Demo Owner', password: ownerPassword },
    },
    'seed',
  );
  const tenantId = onboarded.tenant.id;
  const principal = { tenantId, actor: { type: 'system' as const, id: 'seed' }, permissions: new Set<never>() };
  const members = createMembersService(createPiiCipher(config.MEMBER_PII_KEY));
  const ledger = createLedgerService();
  const programId = await withTenant(pool, tenantId, async (tx) => {
    const programId = await insertProgramSql(tx, {
      tenantId,
      name: 'Coffee Club',
      currency: 'EUR',
      timezone: 'Europe/Paris',
      // Neither attribute names anyone: analytics and segments may see both.
      settings: programSettingsSchema.parse({
        pointsExpiryDays: 365,
        maxHoldDays: 30,
        analyticsAttributes: ['favouriteDrink', 'homeStore'],
      }),
    });
    for (const [i, name] of FIRST_NAMES.entries()) {
      const m = await members.create(tx, principal, programId, {
        externalId: `cust-${1000 + i}`,
        name,
        email: `${name.toLowerCase()}@demo.example`,
        attributes: { favouriteDrink: i % 2 ? 'espresso' : 'flat white' },
      });
      await ledger.earn(tx, principal, m.id, { points: 100 + i * 25, reason: 'welcome bonus' });
      if (i % 3 === 0) await ledger.redeem(tx, principal, m.id, { points: 50, reason: 'free pastry' });
    }
    return programId;
  });
  return { tenantId, programId, created: true };
}
