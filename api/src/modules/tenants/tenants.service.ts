import type pg from 'pg';
import type { z } from 'zod';
import type { onboardingBodySchema, updateTenantBodySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { setTenant, withTransaction } from '../../db/tenant-tx.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { openSession } from '../auth/sessions.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { Principal } from '../auth/principal.ts';
import { insertUser } from '../users/users.repository.ts';
import { findTenant, insertTenant, updateTenant } from './tenants.repository.ts';
import { RESERVED_SLUGS, tenantView } from './tenant-view.ts';

export interface TenantsDeps {
  pool: pg.Pool;
  tokens: TokenService;
}

export function createTenantsService(deps: TenantsDeps) {
  return {
    /** A new merchant with its owner, who is logged in straight away. */
    async onboard(input: z.output<typeof onboardingBodySchema>, requestId: string) {
      if (RESERVED_SLUGS.has(input.tenant.slug)) throw new DomainError('slug_taken', `"${input.tenant.slug}" is reserved`);
      const passwordHash = await hashPassword(input.owner.password);
      return withTransaction(deps.pool, async (client) => {
        const tenant = await insertTenant(client, input.tenant).catch((err: { code?: string }) => {
          if (err.code === '23505') throw new DomainError('slug_taken', `the subdomain "${input.tenant.slug}" is taken`);
          throw err;
        });
        await setTenant(client, tenant.id);
        const owner = await insertUser(client, { tenantId: tenant.id, email: input.owner.email, name: input.owner.name, passwordHash, role: 'owner' });
        const actor = { type: 'user' as const, id: owner.id };
        await recordAudit(client, { tenantId: tenant.id, actor, action: 'tenant.onboarded', entityType: 'tenant', entityId: tenant.id, after: tenantView(tenant), requestId });
        const tokens = await openSession(client, deps.tokens, { tenantId: tenant.id, userId: owner.id, role: 'owner' });
        return { tenant: tenantView(tenant), ownerId: owner.id, tokens };
      });
    },

    async get(tx: pg.PoolClient, principal: Principal) {
      const t = await findTenant(tx, principal.tenantId);
      if (!t) throw notFound('tenant');
      return tenantView(t);
    },

    async update(tx: pg.PoolClient, principal: Principal, patch: z.output<typeof updateTenantBodySchema>, requestId: string) {
      const before = await findTenant(tx, principal.tenantId, { forUpdate: true });
      if (!before) throw notFound('tenant');
      const after = await updateTenant(tx, principal.tenantId, {
        ...before,
        name: patch.name ?? before.name,
        legal_name: patch.legalName !== undefined ? patch.legalName : before.legal_name,
        contact_email: patch.contactEmail !== undefined ? patch.contactEmail : before.contact_email,
        website: patch.website !== undefined ? patch.website : before.website,
        settings: patch.settings ? { ...before.settings, ...patch.settings } : before.settings,
      });
      await recordAudit(tx, { tenantId: principal.tenantId, actor: principal.actor, action: 'tenant.updated', entityType: 'tenant', entityId: after.id, before: tenantView(before), after: tenantView(after), requestId });
      return tenantView(after);
    },
  };
}
