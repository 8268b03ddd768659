import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCondition, type Condition, type ConditionPredicate } from './condition-schema.ts';
import { compileCondition, evaluateCondition } from './evaluate.ts';
import { resolveConditionField } from './fields.ts';
import { toClickHouseSql } from './to-clickhouse.ts';
import { conditionArbitrary, contextArbitrary, segmentConditionArbitrary } from './testing/condition-arbitraries.ts';

const NOW = '2030-01-01T00:00:00Z';

function predicates(c: Condition): ConditionPredicate[] {
  if ('all' in c) return c.all.flatMap(predicates);
  if ('any' in c) return c.any.flatMap(predicates);
  if ('not' in c) return predicates(c.not);
  return [c];
}

/** One parameter per user value (a list is one value, a between pair two) plus one per attribute key. */
function valueSlots(c: Condition): number {
  return predicates(c).reduce((n, p) => {
    const key = resolveConditionField(p.field)?.key === undefined ? 0 : 1;
    const values = p.op === 'exists' ? 0 : p.op === 'between' ? 2 : 1;
    return n + key + values;
  }, 0);
}

describe('condition properties', () => {
  it('generated conditions are valid (and member-only ones are valid segment conditions)', () => {
    fc.assert(
      fc.property(conditionArbitrary, (c) => {
        expect(parseCondition(c)).toEqual({ ok: true, condition: c });
      }),
    );
    fc.assert(
      fc.property(segmentConditionArbitrary, (c) => {
        expect(parseCondition(c, { usage: 'segment' }).ok).toBe(true);
      }),
    );
  });

  it('evaluation never throws and always answers a boolean, whatever the facts', () => {
    fc.assert(
      fc.property(conditionArbitrary, contextArbitrary, (c, ctx) => {
        expect(typeof evaluateCondition(c, ctx)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('evaluateCondition and compileCondition agree', () => {
    fc.assert(
      fc.property(conditionArbitrary, contextArbitrary, (c, ctx) => {
        expect(compileCondition(c)(ctx)).toBe(evaluateCondition(c, ctx));
      }),
    );
  });

  it('not(not(c)) is c; all([c]) and any([c]) are c', () => {
    fc.assert(
      fc.property(conditionArbitrary, contextArbitrary, (c, ctx) => {
        const expected = evaluateCondition(c, ctx);
        expect(evaluateCondition({ not: { not: c } }, ctx)).toBe(expected);
        expect(evaluateCondition({ all: [c] }, ctx)).toBe(expected);
        expect(evaluateCondition({ any: [c] }, ctx)).toBe(expected);
        expect(evaluateCondition({ not: c }, ctx)).toBe(!expected);
      }),
      { numRuns: 300 },
    );
  });

  it('all([]) is true, any([]) is false; De Morgan holds', () => {
    fc.assert(
      fc.property(conditionArbitrary, conditionArbitrary, contextArbitrary, (a, b, ctx) => {
        expect(evaluateCondition({ all: [] }, ctx)).toBe(true);
        expect(evaluateCondition({ any: [] }, ctx)).toBe(false);
        expect(evaluateCondition({ not: { all: [a, b] } }, ctx)).toBe(
          evaluateCondition({ any: [{ not: a }, { not: b }] }, ctx),
        );
        expect(evaluateCondition({ not: { any: [a, b] } }, ctx)).toBe(
          evaluateCondition({ all: [{ not: a }, { not: b }] }, ctx),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('the SQL has one parameter per value slot, numbered in order', () => {
    fc.assert(
      fc.property(segmentConditionArbitrary, (c) => {
        const { params } = toClickHouseSql(c, { now: NOW });
        const names = Object.keys(params);
        expect(names).toHaveLength(valueSlots(c));
        expect(names).toEqual(names.map((_, i) => `p${i}`));
      }),
    );
  });

  it('no user value reaches the SQL text: only fixed identifiers, placeholders and fixed literals', () => {
    fc.assert(
      fc.property(segmentConditionArbitrary, (c) => {
        const { sql } = toClickHouseSql(c, { now: NOW });
        const withoutPlaceholders = sql.replace(/\{p\d+:[A-Za-z0-9(), ']+\}/g, '?');
        const literals = withoutPlaceholders.match(/'[^']*'/g) ?? [];
        expect(
          literals.every((l) => ["'Null'", "'String'", "'Bool'", "'Int64'", "'UInt64'", "'Double'"].includes(l)),
        ).toBe(true);
        expect(withoutPlaceholders.replace(/'[^']*'/g, '')).toMatch(/^[A-Za-z0-9_ ().,?!=<>]*$/);
      }),
    );
  });
});
