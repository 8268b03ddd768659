import { describe, expect, it } from 'vitest';
import { conditionPredicates } from './condition-predicates.ts';

describe('conditionPredicates', () => {
  it('lists the comparisons under any nesting, in order', () => {
    const a = { field: 'transaction.amount', op: 'gte', value: 10 } as const;
    const b = { field: 'member.tier', op: 'eq', value: 'gold' } as const;
    const c = { field: 'transaction.category', op: 'eq', value: 'coffee' } as const;
    expect(conditionPredicates({ all: [a, { any: [b, { not: c }] }] } as never)).toEqual([a, b, c]);
    expect(conditionPredicates(null)).toEqual([]);
  });
});
