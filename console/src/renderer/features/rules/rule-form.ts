import type { operations, Schemas } from '@loyalty/sdk';
import type { RuleDefinition, RuleDefinitionInput, RuleKind } from '@loyalty/shared';

// The rule form edits the API's create body itself (so the shared schema validates it and the
// API's issue paths name its fields); these functions turn a stored rule into form values and
// the edited values into the smallest patch.

export type PointsRule = Schemas['PointsRule'];
export type RuleFormValues = RuleDefinitionInput;
export type CreateRuleBody = NonNullable<operations['createRule']['requestBody']>['content']['application/json'];

/**
 * A definition the shared schema validated, as the SDK types the create body. Both come from the
 * same zod schema (createRuleBodySchema); the document's rendering types each condition's operator
 * by its field, which the inferred shared type does not, so only the compiler needs telling.
 */
export function createBodyOf(values: RuleDefinition): CreateRuleBody {
  return values as CreateRuleBody;
}

export const NEW_RULE: RuleFormValues = {
  name: '',
  priority: 100,
  active: true,
  stacking: 'stack',
  kind: { type: 'fixed', points: 10 },
};

const DEFINITION_FIELDS = [
  'name',
  'priority',
  'active',
  'kind',
  'stacking',
  'condition',
  'minAmount',
  'maxPoints',
  'schedule',
  'approvalDays',
] as const satisfies readonly (keyof RuleDefinition)[];

const OPTIONAL_FIELDS = new Set<string>(['condition', 'minAmount', 'maxPoints', 'schedule', 'approvalDays']);

/** A stored rule as form values: its definition without id, program and timestamps. */
export function formValuesOf(rule: PointsRule): RuleFormValues {
  const values: Record<string, unknown> = {};
  for (const field of DEFINITION_FIELDS) if (rule[field] !== undefined) values[field] = rule[field];
  return values as RuleFormValues;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export type RulePatch = Partial<Record<(typeof DEFINITION_FIELDS)[number], unknown>>;

/** The fields that changed; an optional field that was cleared is sent as null (removed). */
export function rulePatchOf(original: PointsRule, edited: RuleDefinition): RulePatch {
  const patch: RulePatch = {};
  for (const field of DEFINITION_FIELDS) {
    const before = original[field];
    const after = edited[field];
    if (same(before, after)) continue;
    if (after === undefined) {
      if (OPTIONAL_FIELDS.has(field)) patch[field] = null;
      continue;
    }
    patch[field] = after;
  }
  return patch;
}

/** A starting kind when the user picks another type; the rounding carries over. */
export function kindOfType(type: RuleKind['type'], previous?: RuleFormValues['kind']): RuleFormValues['kind'] {
  const rounding = previous && 'rounding' in previous ? previous.rounding : 'floor';
  if (type === 'fixed') return { type, points: 10 };
  if (type === 'percentage') return { type, percent: 5, rounding };
  return { type, pointsPerUnit: 1, rounding };
}

/** One line of the rule list: what the rule gives, in words. */
export function describeKind(kind: RuleKind, format: (n: number) => string): string {
  if (kind.type === 'fixed') return `${format(kind.points)} points`;
  if (kind.type === 'percentage') return `${format(kind.percent)}% of the amount`;
  const extras = [
    kind.bands ? `${kind.bands.length} band${kind.bands.length === 1 ? '' : 's'}` : '',
    kind.categoryMultipliers ? `${Object.keys(kind.categoryMultipliers).length} category multipliers` : '',
  ].filter(Boolean);
  return `${format(kind.pointsPerUnit)} per currency unit${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
