import { createRuleBodySchema, updateRuleBodySchema } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import { describeKind, formValuesOf, kindOfType, NEW_RULE, rulePatchOf, type PointsRule } from './rule-form.ts';

const stored: PointsRule = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  programId: '0190a0a0-0000-7000-8000-000000000002',
  name: 'Coffee bonus',
  priority: 10,
  active: true,
  stacking: 'stack',
  kind: { type: 'percentage', percent: 10, rounding: 'floor' },
  condition: { field: 'transaction.category', op: 'eq', value: 'coffee' },
  maxPoints: 500,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('rule form <-> API body', () => {
  it('a new rule is a valid create body once named', () => {
    expect(createRuleBodySchema.safeParse(NEW_RULE).success).toBe(false);
    expect(createRuleBodySchema.parse({ ...NEW_RULE, name: 'Welcome' })).toMatchObject({ name: 'Welcome' });
  });

  it('a stored rule becomes form values the create schema accepts unchanged', () => {
    const values = formValuesOf(stored);
    expect(values).not.toHaveProperty('id');
    expect(values).not.toHaveProperty('createdAt');
    expect(createRuleBodySchema.parse(values)).toEqual(values);
  });

  it('patches only what changed, and removes cleared optional fields with null', () => {
    const edited = createRuleBodySchema.parse({
      ...formValuesOf(stored),
      kind: { type: 'percentage', percent: 12.5, rounding: 'floor' },
      maxPoints: undefined,
      minAmount: 1000,
    });
    const patch = rulePatchOf(stored, edited);
    expect(patch).toEqual({
      kind: { type: 'percentage', percent: 12.5, rounding: 'floor' },
      maxPoints: null,
      minAmount: 1000,
    });
    expect(updateRuleBodySchema.safeParse(patch).success).toBe(true);
    expect(rulePatchOf(stored, createRuleBodySchema.parse(formValuesOf(stored)))).toEqual({});
  });

  it('switching the kind keeps the rounding and starts from valid values', () => {
    const dynamic = kindOfType('dynamic', stored.kind);
    expect(dynamic).toEqual({ type: 'dynamic', pointsPerUnit: 1, rounding: 'floor' });
    for (const type of ['fixed', 'percentage', 'dynamic'] as const) {
      expect(createRuleBodySchema.safeParse({ ...NEW_RULE, name: 'x', kind: kindOfType(type) }).success).toBe(true);
    }
  });

  it('says what a rule gives in words', () => {
    const n = (v: number) => String(v);
    expect(describeKind({ type: 'fixed', points: 50 }, n)).toBe('50 points');
    expect(describeKind({ type: 'percentage', percent: 10, rounding: 'floor' }, n)).toBe('10% of the amount');
    expect(
      describeKind(
        {
          type: 'dynamic',
          pointsPerUnit: 2,
          rounding: 'floor',
          bands: [{ fromAmount: 10000, pointsPerUnit: 3 }],
          categoryMultipliers: { beans: 2, tea: 0 },
        },
        n,
      ),
    ).toBe('2 per currency unit (1 band, 2 category multipliers)');
  });
});
