import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import type { createMemberBodySchema, updateMemberBodySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { int } from '../../db/pool.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Principal } from '../auth/principal.ts';
import { appendEvents, eraseMemberProfileEvents } from '../outbox/outbox.repository.ts';
import { programAnalyticsAttributes, programExists } from '../programs/programs.repository.ts';
import { memberCreatedData, memberUpdatedData } from './member-event-data.ts';
import type { MemberPii, PiiCipher } from './pii-crypto.ts';
import {
  findMember,
  findMemberByExternalId,
  insertMember,
  listMembers,
  softDeleteMember,
  updateMemberProfile,
  type MemberRow,
} from './members.repository.ts';

const birthMonth = (birthday: string | null | undefined) => (birthday ? Number(birthday.slice(5, 7)) : null);

export function createMembersService(pii: PiiCipher) {
  function view(m: MemberRow) {
    const p = pii.decrypt(m.pii, m.tenant_id, m.id);
    return {
      id: m.id,
      programId: m.program_id,
      externalId: m.external_id,
      email: p.email ?? null,
      phone: p.phone ?? null,
      name: p.name ?? null,
      birthday: p.birthday ?? null,
      attributes: m.attributes,
      balance: {
        available: int(m.available),
        pending: int(m.pending),
        lifetimeEarned: int(m.lifetime_earned),
        lifetimeRedeemed: int(m.lifetime_redeemed),
      },
      createdAt: m.created_at.toISOString(),
      updatedAt: m.updated_at.toISOString(),
    };
  }
  // Events carry no personal data: they reach Kafka, ClickHouse and webhooks (member-event-data.ts).
  const profileFacts = (m: ReturnType<typeof view>) => ({
    birthMonth: birthMonth(m.birthday),
    attributes: m.attributes,
  });
  async function declaredAttributes(tx: pg.PoolClient, programId: string): Promise<string[]> {
    const keys = await programAnalyticsAttributes(tx, programId);
    if (!keys) throw notFound('program');
    return keys;
  }

  async function load(tx: pg.PoolClient, id: string, forUpdate = false): Promise<MemberRow> {
    const m = await findMember(tx, id, { forUpdate });
    if (!m) throw notFound('member');
    return m;
  }

  return {
    view,
    load,
    async create(
      tx: pg.PoolClient,
      principal: Principal,
      programId: string,
      input: z.output<typeof createMemberBodySchema>,
    ) {
      const declared = await declaredAttributes(tx, programId);
      const id = randomUUID();
      const profile: MemberPii = {
        email: input.email ?? null,
        phone: input.phone ?? null,
        name: input.name ?? null,
        birthday: input.birthday ?? null,
      };
      await insertMember(tx, {
        id,
        tenantId: principal.tenantId,
        programId,
        externalId: input.externalId,
        pii: pii.encrypt(profile, principal.tenantId, id),
        birthMonth: birthMonth(input.birthday),
        attributes: input.attributes ?? {},
      }).catch((err: { code?: string; constraint?: string }) => {
        if (err.code === '23505')
          throw new DomainError(
            'external_id_taken',
            `a member with external id "${input.externalId}" exists in this program`,
          );
        throw err;
      });
      const member = view(await load(tx, id));
      await appendEvents(tx, [
        {
          type: 'member_created',
          tenantId: principal.tenantId,
          programId,
          memberId: id,
          data: memberCreatedData(profileFacts(member), declared),
        },
      ]);
      return member;
    },

    async update(tx: pg.PoolClient, principal: Principal, id: string, patch: z.output<typeof updateMemberBodySchema>) {
      const before = view(await load(tx, id, true));
      const merged: MemberPii = {
        email: patch.email !== undefined ? patch.email : before.email,
        phone: patch.phone !== undefined ? patch.phone : before.phone,
        name: patch.name !== undefined ? patch.name : before.name,
        birthday: patch.birthday !== undefined ? patch.birthday : before.birthday,
      };
      await updateMemberProfile(tx, id, {
        pii: pii.encrypt(merged, principal.tenantId, id),
        birthMonth: birthMonth(merged.birthday),
        attributes: patch.attributes ?? before.attributes,
      });
      const after = view(await load(tx, id));
      const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
      const declared = await declaredAttributes(tx, after.programId);
      await appendEvents(tx, [
        {
          type: 'member_updated',
          tenantId: principal.tenantId,
          programId: after.programId,
          memberId: id,
          data: memberUpdatedData(profileFacts(after), declared, changed),
        },
      ]);
      return after;
    },

    async remove(tx: pg.PoolClient, principal: Principal, id: string, requestId: string) {
      const before = view(await load(tx, id, true));
      // Erased everywhere the API keeps it: the row, the events not yet published and those
      // kept after; the audit records the deletion without naming the member. Downstream, the
      // member_deleted event makes the ClickHouse sink erase its copies.
      await softDeleteMember(tx, id);
      await eraseMemberProfileEvents(tx, id);
      await recordAudit(tx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'member.deleted',
        entityType: 'member',
        entityId: id,
        // Nothing personal: the audit log outlives the member.
        before: { balance: before.balance },
        requestId,
      });
      await appendEvents(tx, [
        { type: 'member_deleted', tenantId: principal.tenantId, programId: before.programId, memberId: id, data: {} },
      ]);
    },

    async byExternalId(tx: pg.PoolClient, programId: string, externalId: string) {
      const m = await findMemberByExternalId(tx, programId, externalId);
      if (!m) throw notFound('member');
      return view(m);
    },

    async list(tx: pg.PoolClient, programId: string, cursor: string | undefined, limit: number) {
      if (!(await programExists(tx, programId))) throw notFound('program');
      const rows = await listMembers(tx, programId, parseSeqCursor(cursor), limit + 1);
      return page(rows, limit, view, (r) => r.seq);
    },
  };
}
export type MembersService = ReturnType<typeof createMembersService>;
