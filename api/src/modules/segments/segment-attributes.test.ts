import { describe, expect, it } from 'vitest';
import type { Condition } from '@loyalty/shared';
import { attributeKeysInCondition, undeclaredAttributeKeys } from './segment-attributes.ts';

const condition: Condition = {
  all: [
    { field: 'member.attributes.vip', op: 'eq', value: true },
    {
      any: [
        { field: 'member.attributes.city', op: 'in', value: ['Lyon', 'Nice'] },
        { not: { field: 'member.attributes.vip', op: 'eq', value: false } },
      ],
    },
    { field: 'member.balance', op: 'gte', value: 100 },
    { field: 'transaction.metadata.city', op: 'eq', value: 'Lyon' },
  ],
};

describe('attributeKeysInCondition', () => {
  it('collects the attribute keys at any depth, each once, and nothing else', () => {
    expect(attributeKeysInCondition(condition)).toEqual(['vip', 'city']);
    expect(attributeKeysInCondition(null)).toEqual([]);
  });
});

describe('undeclaredAttributeKeys', () => {
  it('names the keys the program does not publish to analytics', () => {
    expect(undeclaredAttributeKeys(condition, ['vip'])).toEqual(['city']);
    expect(undeclaredAttributeKeys(condition, ['city', 'vip'])).toEqual([]);
    expect(undeclaredAttributeKeys({ field: 'member.balance', op: 'gte', value: 1 }, [])).toEqual([]);
  });
});
