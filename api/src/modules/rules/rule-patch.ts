import type { z } from 'zod';
import { ruleDefinitionSchema, type RuleDefinition, type updateRuleBodySchema } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';

// A PATCH replaces the fields it names (kind and schedule whole, never merged) and removes the
// optional ones it sets to null; the result is validated again as a whole rule, so a patch can
// never leave a rule that the create endpoint would refuse.

export type RulePatch = z.output<typeof updateRuleBodySchema>;

export function applyRulePatch(current: RuleDefinition, patch: RulePatch): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** The patched rule, or a validation_failed error with the path of every problem. */
export function patchedRule(current: RuleDefinition, patch: RulePatch): RuleDefinition {
  const result = ruleDefinitionSchema.safeParse(applyRulePatch(current, patch));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    in: 'body',
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  throw new DomainError('validation_failed', `invalid rule: ${issues[0]?.path} ${issues[0]?.message}`, { issues });
}

/** The fields a patch changed, for the rule_updated event. */
export function changedFields(patch: RulePatch): string[] {
  return Object.keys(patch).filter((k) => patch[k as keyof RulePatch] !== undefined);
}
