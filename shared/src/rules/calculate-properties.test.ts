import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointsBreakdownSchema } from './breakdown-schema.ts';
import { campaignAwards } from './campaign-awards.ts';
import type { RuleDefinitionWithId } from './rule-schema.ts';
import { campaignArbitrary, purchaseArbitrary, ruleInputArbitrary } from './testing/rule-arbitraries.ts';
import { calc, rule } from './testing/rule-fixtures.ts';

const rulesArbitrary = fc
  .array(ruleInputArbitrary, { minLength: 0, maxLength: 8 })
  .map((inputs) => inputs.map((r, i) => rule(r, `rule-${i}`)));
const extrasArbitrary = fc.record({
  tier: fc.option(
    fc.record({
      id: fc.constant('tier'),
      name: fc.constant('Tier'),
      multiplier: fc.integer({ min: 100, max: 500 }).map((n) => n / 100),
    }),
    { nil: null },
  ),
  campaigns: fc.array(campaignArbitrary, { maxLength: 3 }),
  maxPointsPerTransaction: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
});
const runs = { numRuns: 400 };

/** The points a rule would give on its own (no other rule, no bonus, no cap). */
function alone(r: RuleDefinitionWithId, p: Parameters<typeof calc>[1]): number {
  return calc([{ ...r, stacking: 'stack' }], p).points;
}

describe('calculation properties', () => {
  it('the total is a non-negative integer, the sum of the lines, and the breakdown fits its schema', () => {
    fc.assert(
      fc.property(rulesArbitrary, purchaseArbitrary, extrasArbitrary, (rules, p, extras) => {
        const b = calc(rules, p, extras);
        expect(Number.isSafeInteger(b.points)).toBe(true);
        expect(b.points).toBeGreaterThanOrEqual(0);
        expect(b.lines.reduce((s, l) => s + l.points, 0)).toBe(b.points);
        expect(b.basePoints + b.tierBonus + b.campaignBonus).toBe(b.points);
        for (const l of b.lines) if (l.source !== 'cap') expect(l.points).toBeGreaterThan(0);
        expect(pointsBreakdownSchema.safeParse(b).success).toBe(true);
        expect(campaignAwards(b).reduce((s, a) => s + a.points, 0)).toBe(b.campaignBonus);
        // Every rule is either a line or skipped, exactly once.
        const seen = [
          ...b.lines.flatMap((l) => (l.source === 'rule' ? [l.ruleId] : [])),
          ...b.skipped.filter((s) => s.source === 'rule').map((s) => s.id),
        ];
        expect(seen.sort()).toEqual(rules.map((r) => r.id).sort());
      }),
      runs,
    );
  });

  it('per-rule caps and the program cap hold', () => {
    fc.assert(
      fc.property(rulesArbitrary, purchaseArbitrary, extrasArbitrary, (rules, p, extras) => {
        const b = calc(rules, p, extras);
        const byId = new Map(rules.map((r) => [r.id, r]));
        for (const l of b.lines) {
          if (l.source !== 'rule') continue;
          const max = byId.get(l.ruleId)!.maxPoints;
          if (max !== undefined) expect(l.points).toBeLessThanOrEqual(max);
        }
        if (extras.maxPointsPerTransaction !== null)
          expect(b.points).toBeLessThanOrEqual(extras.maxPointsPerTransaction);
        for (const l of b.lines)
          if (l.source === 'campaign') {
            const c = extras.campaigns.find((x) => x.id === l.campaignId)!;
            if (c.budgetRemaining !== null) expect(l.points).toBeLessThanOrEqual(c.budgetRemaining);
          }
      }),
      runs,
    );
  });

  it('best_of gives exactly the best single best_of rule', () => {
    fc.assert(
      fc.property(rulesArbitrary, purchaseArbitrary, (rules, p) => {
        const b = calc(rules, p);
        const ruleLines = b.lines.filter((l) => l.source === 'rule');
        if (ruleLines.some((l) => l.stacking === 'exclusive')) return;
        const bestLines = ruleLines.filter((l) => l.stacking === 'best_of');
        const best = Math.max(0, ...rules.filter((r) => r.stacking === 'best_of' && r.active).map((r) => alone(r, p)));
        expect(bestLines.length).toBeLessThanOrEqual(1);
        expect(bestLines[0]?.points ?? 0).toBe(best);
        const stacked = rules.filter((r) => r.stacking === 'stack' && r.active).reduce((s, r) => s + alone(r, p), 0);
        expect(b.basePoints).toBe(stacked + best);
      }),
      runs,
    );
  });

  it('exclusive gives exactly one rule’s points: the first exclusive rule that applies', () => {
    fc.assert(
      fc.property(rulesArbitrary, purchaseArbitrary, (rules, p) => {
        const b = calc(rules, p);
        const ordered = rules
          .map((r, i) => ({ r, i }))
          .sort((a, b2) => a.r.priority - b2.r.priority || a.i - b2.i)
          .map((x) => x.r);
        const winner = ordered.find((r) => r.stacking === 'exclusive' && r.active && alone(r, p) > 0);
        const ruleLines = b.lines.filter((l) => l.source === 'rule');
        if (!winner) {
          expect(ruleLines.every((l) => l.stacking !== 'exclusive')).toBe(true);
          return;
        }
        expect(ruleLines).toHaveLength(1);
        expect(ruleLines[0]).toMatchObject({ ruleId: winner.id, points: alone(winner, p) });
        expect(b.basePoints).toBe(alone(winner, p));
      }),
      runs,
    );
  });
});
