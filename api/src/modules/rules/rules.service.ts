import { MAX_ACTIVE_RULES_PER_PROGRAM, type PointsRuleView, type RuleDefinition } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import { page, parseIdCursor } from '../../http/cursor.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Principal } from '../auth/principal.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { programExists } from '../programs/programs.repository.ts';
import { changedFields, patchedRule, type RulePatch } from './rule-patch.ts';
import { ruleDefinitionOf, rulesRepository as repo, ruleView } from './rules.repository.ts';

export function createRulesService() {
  /** Refuses a write that would take a program past its active-rule limit. */
  async function ensureRoomForActiveRule(tx: PrismaTx, programId: string): Promise<void> {
    await repo.lockProgramRules(tx, programId);
    const active = await repo.countActive(tx, programId);
    if (active >= MAX_ACTIVE_RULES_PER_PROGRAM) {
      throw new DomainError(
        'rule_limit_reached',
        `a program has at most ${MAX_ACTIVE_RULES_PER_PROGRAM} active rules; deactivate or delete one first`,
        { limit: MAX_ACTIVE_RULES_PER_PROGRAM, active },
      );
    }
  }

  async function load(tx: PrismaTx, id: string, forUpdate = false) {
    if (forUpdate) await repo.lock(tx, id);
    const row = await repo.find(tx, id);
    if (!row) throw notFound('rule');
    return row;
  }

  async function record(
    tx: PrismaTx,
    p: Principal,
    requestId: string,
    change: {
      type: 'created' | 'updated' | 'deleted';
      before?: PointsRuleView;
      after?: PointsRuleView;
      data: Record<string, unknown>;
    },
  ) {
    const rule = (change.after ?? change.before)!;
    const sql = prismaSql(tx);
    await recordAudit(sql, {
      tenantId: p.tenantId,
      actor: p.actor,
      action: `rule.${change.type}`,
      entityType: 'rule',
      entityId: rule.id,
      ...(change.before ? { before: change.before } : {}),
      ...(change.after ? { after: change.after } : {}),
      requestId,
    });
    await appendEvents(sql, [
      { type: `rule_${change.type}`, tenantId: p.tenantId, programId: rule.programId, data: change.data },
    ]);
  }

  return {
    async list(
      tx: PrismaTx,
      programId: string,
      q: { cursor?: string | undefined; limit: number; active?: 'true' | 'false' | undefined },
    ) {
      if (!(await programExists(prismaSql(tx), programId))) throw notFound('program');
      const rows = await repo.list(tx, programId, {
        cursor: parseIdCursor(q.cursor),
        limit: q.limit,
        active: q.active === undefined ? undefined : q.active === 'true',
      });
      return page(rows, q.limit, ruleView, (r) => r.id, 'id');
    },

    async get(tx: PrismaTx, id: string) {
      return ruleView(await load(tx, id));
    },

    async create(tx: PrismaTx, p: Principal, programId: string, definition: RuleDefinition, requestId: string) {
      if (!(await programExists(prismaSql(tx), programId))) throw notFound('program');
      if (definition.active) await ensureRoomForActiveRule(tx, programId);
      const rule = ruleView(await repo.create(tx, { tenantId: p.tenantId, programId, definition }));
      await record(tx, p, requestId, { type: 'created', after: rule, data: { rule } });
      return rule;
    },

    async update(tx: PrismaTx, p: Principal, id: string, patch: RulePatch, requestId: string) {
      const row = await load(tx, id, true);
      const before = ruleView(row);
      const definition = patchedRule(ruleDefinitionOf(row), patch);
      if (definition.active && !row.active) await ensureRoomForActiveRule(tx, row.programId);
      const after = ruleView(await repo.update(tx, id, definition));
      await record(tx, p, requestId, {
        type: 'updated',
        before,
        after,
        data: { rule: after, changed: changedFields(patch) },
      });
      return after;
    },

    async remove(tx: PrismaTx, p: Principal, id: string, requestId: string) {
      const before = ruleView(await load(tx, id, true));
      await repo.softDelete(tx, id);
      await record(tx, p, requestId, { type: 'deleted', before, data: { ruleId: id, name: before.name } });
    },
  };
}
