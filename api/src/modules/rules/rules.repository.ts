import type { PointsRuleView, RuleDefinition, RuleDefinitionWithId } from '@loyalty/shared';
import type { PrismaTx } from '../../db/prisma.ts';
import { prepared, type Db } from '../../db/pool.ts';
import type { PointsRule } from '../../generated/prisma/client.ts';

// points_rules: the validated definition as jsonb, with name, priority and active mirrored in
// columns for ordering and filtering. Deleted rules keep their row (deleted_at) for the audit
// trail and for orders that reference them in their breakdown.

/** The columns win over the jsonb copy: they are what queries order and filter on. */
export function ruleDefinitionOf(row: Pick<PointsRule, 'name' | 'priority' | 'active' | 'definition'>): RuleDefinition {
  return {
    ...(row.definition as unknown as RuleDefinition),
    name: row.name,
    priority: row.priority,
    active: row.active,
  };
}

export function ruleView(row: PointsRule): PointsRuleView {
  return {
    id: row.id,
    programId: row.programId,
    ...ruleDefinitionOf(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const columns = (d: RuleDefinition) => ({
  name: d.name,
  priority: d.priority,
  active: d.active,
  definition: d as object,
});

export const rulesRepository = {
  /** Run order: priority, then creation (the order the engine breaks ties in). */
  list: (
    tx: PrismaTx,
    programId: string,
    opts: { cursor?: string | undefined; limit: number; active?: boolean | undefined },
  ) =>
    tx.pointsRule.findMany({
      where: { programId, deletedAt: null, ...(opts.active === undefined ? {} : { active: opts.active }) },
      orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      take: opts.limit + 1,
      ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    }),
  find: (tx: PrismaTx, id: string) => tx.pointsRule.findFirst({ where: { id, deletedAt: null } }),
  /** Serializes concurrent changes of one rule, so a patch always merges into the latest version. */
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM points_rules WHERE id = ${id}::uuid FOR UPDATE`,
  /**
   * Serializes whatever adds an active rule to a program, so two concurrent writes cannot both
   * pass the limit check. A transaction-scoped advisory lock: it needs no row of another module.
   */
  lockProgramRules: (tx: PrismaTx, programId: string) =>
    tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`points_rules:${programId}`}, 0))`,
  countActive: (tx: PrismaTx, programId: string) =>
    tx.pointsRule.count({ where: { programId, active: true, deletedAt: null } }),
  create: (tx: PrismaTx, r: { tenantId: string; programId: string; definition: RuleDefinition }) =>
    tx.pointsRule.create({ data: { tenantId: r.tenantId, programId: r.programId, ...columns(r.definition) } }),
  update: (tx: PrismaTx, id: string, definition: RuleDefinition) =>
    tx.pointsRule.update({ where: { id }, data: { ...columns(definition), updatedAt: new Date() } }),
  softDelete: (tx: PrismaTx, id: string) =>
    tx.pointsRule.update({ where: { id }, data: { deletedAt: new Date(), updatedAt: new Date() } }),
};

const ACTIVE_RULES = prepared(
  'rules.active_for_program',
  `
  SELECT id, name, priority, active, definition, updated_at
    FROM points_rules
   WHERE program_id = $1 AND active AND deleted_at IS NULL
   ORDER BY priority, created_at, id`,
);

/** A stored rule ready for compileRules, with its last update (a cache key for compiled rules). */
export type StoredRule = RuleDefinitionWithId & { readonly updatedAt: string };

/**
 * The program's active rules in run order, for the earn path: plain SQL through the Db
 * interface, so it runs inside the caller's pg (or Prisma) transaction. Definitions were
 * validated when written and are not parsed again here.
 */
export async function activeRulesForProgram(db: Db, programId: string): Promise<StoredRule[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    priority: number;
    active: boolean;
    definition: unknown;
    updated_at: Date;
  }>(ACTIVE_RULES([programId]));
  return rows.map((r) => ({
    ...ruleDefinitionOf(r as Parameters<typeof ruleDefinitionOf>[0]),
    id: r.id,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}
