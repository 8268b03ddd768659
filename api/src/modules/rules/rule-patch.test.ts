import { describe, expect, it } from 'vitest';
import { ruleDefinitionSchema } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import { applyRulePatch, changedFields, patchedRule } from './rule-patch.ts';

const current = ruleDefinitionSchema.parse({
  name: 'Coffee',
  priority: 5,
  kind: { type: 'percentage', percent: 10, rounding: 'floor' },
  condition: { field: 'transaction.category', op: 'eq', value: 'coffee' },
  schedule: { daysOfWeek: [1] },
  maxPoints: 100,
});

describe('rule patches', () => {
  it('replaces named fields whole and removes the ones set to null', () => {
    const merged = applyRulePatch(current, {
      kind: { type: 'fixed', points: 3 },
      schedule: { timeWindows: [{ start: '08:00', end: '10:00' }] },
      condition: null,
      maxPoints: undefined,
    });
    expect(merged).toEqual({
      ...current,
      kind: { type: 'fixed', points: 3 },
      schedule: { timeWindows: [{ start: '08:00', end: '10:00' }] },
      condition: undefined,
    });
    expect(merged).not.toHaveProperty('condition');
  });

  it('validates the merged rule and fills defaults', () => {
    expect(patchedRule(current, { stacking: 'exclusive' })).toEqual({ ...current, stacking: 'exclusive' });
  });

  it('refuses a merged rule that is not valid, with the path of the problem', () => {
    const broken = { ...current, kind: { type: 'fixed', points: 0 } } as unknown as typeof current;
    try {
      patchedRule(broken, { name: 'Renamed' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('validation_failed');
      expect((err as DomainError).details).toEqual({
        issues: [{ in: 'body', path: 'kind.points', message: 'must be at least 1' }],
      });
    }
  });

  it('lists the fields a patch changed', () => {
    expect(changedFields({ name: 'x', condition: null, priority: undefined })).toEqual(['name', 'condition']);
  });
});
