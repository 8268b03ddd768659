import { describe, expect, it } from 'vitest';
import type { Condition } from '@loyalty/shared';
import { segmentIdsInCondition } from './segment-references.ts';

const A = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const B = '9a1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7c';
const C = '7c1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7d';

describe('segmentIdsInCondition', () => {
  it('finds nothing without a condition or without segment tests', () => {
    expect(segmentIdsInCondition(null)).toEqual([]);
    expect(segmentIdsInCondition({ field: 'member.balance', op: 'gte', value: 100 })).toEqual([]);
  });

  it('collects every segment id at any depth, each once', () => {
    const condition: Condition = {
      all: [
        { field: 'member.segments', op: 'contains', value: A },
        {
          any: [
            { field: 'member.segments', op: 'contains_any', value: [B, A] },
            { not: { field: 'member.segments', op: 'contains_all', value: [C] } },
          ],
        },
        { field: 'member.tier', op: 'eq', value: A },
      ],
    };
    expect(segmentIdsInCondition(condition).sort()).toEqual([A, B, C].sort());
  });
});
