import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { onboardingBodySchema, updateTenantBodySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { prismaSql, type Prisma, type PrismaTx } from '../../db/prisma.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { openSession } from '../auth/sessions.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { Principal } from '../auth/principal.ts';
import { usersRepository } from '../users/users.repository.ts';
import { tenantsRepository as repo } from './tenants.repository.ts';
import { RESERVED_SLUGS, tenantView } from './tenant-view.ts';

export interface TenantsDeps {
  prisma: Prisma;
  tokens: TokenService;
}

export function createTenantsService(deps: TenantsDeps) {
  return {
    /** A new merchant with its owner, who is logged in straight away. */
    async onboard(input: z.output<typeof onboardingBodySchema>, requestId: string) {
      if (RESERVED_SLUGS.has(input.tenant.slug))
        throw new DomainError('slug_taken', `"${input.tenant.slug}" is reserved`);
      const passwordHash = await hashPassword(input.owner.password);
      return deps.prisma.$transaction(async (tx) => {
        // Row-level security admits the new tenant's row only once the transaction is its.
        const id = randomUUID();
        await tx.$executeRaw`SELECT set_config('app.tenant_id', ${id}, true)`;
        const tenant = await repo.create(tx, { id, ...input.tenant }).catch((err: { code?: string }) => {
          if (err.code === 'P2002')
            throw new DomainError('slug_taken', `the subdomain "${input.tenant.slug}" is taken`);
          throw err;
        });
        const owner = await usersRepository.create(tx, {
          tenantId: tenant.id,
          email: input.owner.email,
          name: input.owner.name,
          passwordHash,
          role: 'owner',
        });
        const sql = prismaSql(tx);
        await recordAudit(sql, {
          tenantId: tenant.id,
          actor: { type: 'user', id: owner.id },
          action: 'tenant.onboarded',
          entityType: 'tenant',
          entityId: tenant.id,
          after: tenantView(tenant),
          requestId,
        });
        const tokens = await openSession(sql, deps.tokens, { tenantId: tenant.id, userId: owner.id, role: 'owner' });
        return { tenant: tenantView(tenant), ownerId: owner.id, tokens };
      });
    },

    async get(tx: PrismaTx, principal: Principal) {
      const t = await repo.find(tx, principal.tenantId);
      if (!t) throw notFound('tenant');
      return tenantView(t);
    },

    async update(
      tx: PrismaTx,
      principal: Principal,
      patch: z.output<typeof updateTenantBodySchema>,
      requestId: string,
    ) {
      await repo.lock(tx, principal.tenantId);
      const found = await repo.find(tx, principal.tenantId);
      if (!found) throw notFound('tenant');
      const before = tenantView(found);
      const after = tenantView(
        await repo.update(tx, principal.tenantId, {
          name: patch.name ?? before.name,
          legalName: patch.legalName !== undefined ? patch.legalName : before.legalName,
          contactEmail: patch.contactEmail !== undefined ? patch.contactEmail : before.contactEmail,
          website: patch.website !== undefined ? patch.website : before.website,
          settings: { ...before.settings, ...patch.settings },
        }),
      );
      await recordAudit(prismaSql(tx), {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'tenant.updated',
        entityType: 'tenant',
        entityId: after.id,
        before,
        after,
        requestId,
      });
      return after;
    },
  };
}
