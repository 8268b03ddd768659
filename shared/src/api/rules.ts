import { z } from 'zod';
import { conditionShapeSchema } from '../conditions/condition-schema.ts';
import { ruleDefinitionSchema, ruleFieldSchemas } from '../rules/rule-schema.ts';
import { atLeastOneField, cursorQuerySchema, idSchema, timestampSchema } from './common.ts';

// Points rules of a program: CRUD over the rule definition of shared/src/rules.

/** Active rules per program; the earn path evaluates all of them for every purchase. */
export const MAX_ACTIVE_RULES_PER_PROGRAM = 200;

export const listRulesQuerySchema = cursorQuerySchema.extend({
  active: z.enum(['true', 'false']).optional().describe('only active (true) or inactive (false) rules'),
});

export const createRuleBodySchema = ruleDefinitionSchema;

/**
 * A patch names the fields it replaces (kind and schedule are replaced whole, never merged);
 * null removes an optional field. The merged rule is validated again as a whole.
 */
export const updateRuleBodySchema = atLeastOneField(
  z.strictObject({
    name: ruleFieldSchemas.name.optional(),
    priority: ruleFieldSchemas.priority.optional(),
    active: ruleFieldSchemas.active.optional(),
    kind: ruleFieldSchemas.kind.optional(),
    stacking: ruleFieldSchemas.stacking.optional(),
    condition: ruleFieldSchemas.condition.nullable().optional(),
    minAmount: ruleFieldSchemas.minAmount.nullable().optional(),
    maxPoints: ruleFieldSchemas.maxPoints.nullable().optional(),
    schedule: ruleFieldSchemas.schedule.nullable().optional(),
    approvalDays: ruleFieldSchemas.approvalDays.nullable().optional(),
  }),
);

export const pointsRuleSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    ...ruleDefinitionSchema.shape,
    // Responses are encoded, and the request-side condition schema validates in a preprocess
    // step, which cannot run backwards: a stored condition (validated when written) is
    // described by the shape alone, the `Condition` component other responses name too.
    condition: conditionShapeSchema.optional(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'PointsRule' });
export type PointsRuleView = z.infer<typeof pointsRuleSchema>;
