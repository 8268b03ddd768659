import type { Condition } from '@loyalty/shared';
import { parseCondition } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import {
  appendChild,
  childPath,
  describeCondition,
  listFromText,
  newPredicate,
  nodeAt,
  removeAt,
  replaceAt,
  scalarFromText,
  setGroupKind,
  toggleNot,
  withField,
  withOperator,
} from './condition-tree.ts';

const coffee = { field: 'transaction.category', op: 'eq', value: 'coffee' } as const;
const big = { field: 'transaction.amount', op: 'gte', value: 5000 } as const;
const tree: Condition = {
  all: [coffee, { any: [big, { not: { field: 'transaction.channel', op: 'eq', value: 'web' } }] }],
};

describe('condition tree editing', () => {
  it('addresses nodes by the paths the API reports issues at', () => {
    expect(nodeAt(tree, ['all', 1, 'any', 0])).toEqual(big);
    expect(nodeAt(tree, ['all', 1, 'any', 1, 'not'])).toMatchObject({ field: 'transaction.channel' });
    expect(childPath(['all', 1], nodeAt(tree, ['all', 1])!, 1)).toEqual(['all', 1, 'any', 1]);
    expect(childPath(['x'], { not: big }, 0)).toEqual(['x', 'not']);
  });

  it('replaces a node without touching the original', () => {
    const next = replaceAt(tree, ['all', 1, 'any', 0], { ...big, value: 9000 });
    expect(nodeAt(next, ['all', 1, 'any', 0])).toEqual({ ...big, value: 9000 });
    expect(nodeAt(tree, ['all', 1, 'any', 0])).toEqual(big);
    expect(nodeAt(next, ['all', 0])).toBe(coffee);
  });

  it('adds comparisons and groups to a group, and switches all/any', () => {
    const added = appendChild(tree, ['all', 1], newPredicate());
    expect((nodeAt(added, ['all', 1]) as { any: Condition[] }).any).toHaveLength(3);
    const switched = setGroupKind(added, ['all', 1], 'all');
    expect(nodeAt(switched, ['all', 1, 'all', 2])).toEqual(newPredicate());
    expect(() => appendChild(tree, ['all', 0], newPredicate())).toThrow();
  });

  it('removes a node, a `not` with its only child, and the root', () => {
    expect(nodeAt(removeAt(tree, ['all', 0])!, ['all', 0])).toMatchObject({ any: expect.any(Array) });
    const withoutNot = removeAt(tree, ['all', 1, 'any', 1, 'not'])!;
    expect((nodeAt(withoutNot, ['all', 1]) as { any: Condition[] }).any).toEqual([big]);
    expect(removeAt(tree, [])).toBeUndefined();
  });

  it('wraps a node in `not` and unwraps it', () => {
    const negated = toggleNot(tree, ['all', 0]);
    expect(nodeAt(negated, ['all', 0])).toEqual({ not: coffee });
    expect(toggleNot(negated, ['all', 0])).toEqual(tree);
  });

  it('keeps what still fits when the field or operator changes', () => {
    expect(withField(big, 'member.balance')).toEqual({ field: 'member.balance', op: 'gte', value: 5000 });
    // Text fields have no `gte`: the type's first operator; a single value stays for the user to change.
    expect(withField(big, 'transaction.channel')).toEqual({ field: 'transaction.channel', op: 'eq', value: 5000 });
    expect(withOperator(big, 'exists')).toEqual({ field: 'transaction.amount', op: 'exists' });
    expect(withOperator(big, 'between')).toEqual({ field: 'transaction.amount', op: 'between', value: [0, 0] });
    expect(withOperator(coffee, 'in')).toEqual({ field: 'transaction.category', op: 'in', value: [] });
  });

  it('reads typed values as the field expects them', () => {
    expect(scalarFromText('transaction.amount', 'gte', ' 1200 ')).toBe(1200);
    expect(scalarFromText('transaction.amount', 'gte', '12a')).toBe('12a');
    expect(scalarFromText('transaction.category', 'eq', '42')).toBe('42');
    expect(scalarFromText('member.attributes.vip', 'eq', 'true')).toBe(true);
    expect(scalarFromText('member.attributes.level', 'gt', '3')).toBe(3);
    expect(scalarFromText('member.last_activity_at', 'within_days', '30')).toBe(30);
    expect(listFromText('transaction.category', 'in', 'coffee, beans,, tea ')).toEqual(['coffee', 'beans', 'tea']);
    expect(listFromText('member.birthday_month', 'in', '1, 12')).toEqual([1, 12]);
  });

  it('builds conditions the shared validator accepts', () => {
    const built = appendChild(
      setGroupKind({ all: [] }, [], 'any'),
      [],
      withOperator(withField(newPredicate(), 'transaction.category'), 'in'),
    );
    const filled = replaceAt(built, ['any', 0], {
      field: 'transaction.category',
      op: 'in',
      value: listFromText('transaction.category', 'in', 'coffee, beans'),
    });
    expect(parseCondition(filled)).toEqual({ ok: true, condition: filled });
  });

  it('says a condition in a few words for the rule list', () => {
    expect(describeCondition(undefined)).toBe('every purchase');
    expect(describeCondition({ all: [coffee] })).toBe('transaction.category is coffee');
    expect(describeCondition(tree)).toBe('all of 2 conditions');
    expect(describeCondition({ not: { field: 'transaction.sku', op: 'exists' } })).toBe('not (transaction.sku is set)');
    expect(describeCondition({ field: 'member.birthday_month', op: 'in', value: [1, 2] })).toBe(
      'member.birthday_month is one of 1, 2',
    );
  });
});
