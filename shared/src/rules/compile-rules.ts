import { compileCondition, type CompiledCondition } from '../conditions/evaluate.ts';
import type { Condition } from '../conditions/condition-schema.ts';
import { SKIP_REASONS, type SkipReason, type SkippedItem } from './breakdown-schema.ts';
import { hundredths, type RoundingMode } from './exact-arithmetic.ts';
import type { RuleDefinitionWithId, Stacking } from './rule-schema.ts';
import { compileSchedule, type CompiledSchedule } from './schedule.ts';

// Everything about a rule that does not depend on the purchase is worked out once here:
// conditions become closures, schedules bitmasks and day numbers, rates integer hundredths,
// and the rules are put in the order they run (priority, then the order given).

export type CompiledKind =
  | { readonly type: 'fixed'; readonly points: number }
  | { readonly type: 'percentage'; readonly percentHundredths: number; readonly rounding: RoundingMode }
  | {
      readonly type: 'dynamic';
      readonly rateHundredths: number;
      /** Ascending thresholds (minor units) and their rates, in hundredths of a point per major unit. */
      readonly bandFrom: readonly number[];
      readonly bandRate: readonly number[];
      /** category -> multiplier in hundredths; null when the rule has none. */
      readonly multipliers: ReadonlyMap<string, number> | null;
      readonly rounding: RoundingMode;
    };

export interface CompiledRule {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  /** Position in run order. */
  readonly index: number;
  readonly active: boolean;
  readonly stacking: Stacking;
  readonly kind: CompiledKind;
  readonly condition: CompiledCondition | null;
  /** The condition reads transaction.category or transaction.sku, which differ per line. */
  readonly readsLineFields: boolean;
  /** The condition reads transaction.metadata, which differs per line when lines carry metadata. */
  readonly readsMetadata: boolean;
  readonly schedule: CompiledSchedule | null;
  readonly minAmount: number;
  readonly maxPoints: number | null;
  readonly approvalDays: number | null;
  /** One frozen skip entry per reason, made at compile time, so skipping allocates nothing. */
  readonly skip: Readonly<Record<SkipReason, SkippedItem>>;
}

declare const compiledBrand: unique symbol;
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly [compiledBrand]: true;
}

export interface ConditionScope {
  readsLineFields: boolean;
  readsMetadata: boolean;
}

/** Which per-line facts a condition reads. */
export function conditionScope(condition: Condition): ConditionScope {
  const scope = { readsLineFields: false, readsMetadata: false };
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if (c.field === 'transaction.category' || c.field === 'transaction.sku') scope.readsLineFields = true;
    else if (c.field.startsWith('transaction.metadata.')) scope.readsMetadata = true;
  };
  walk(condition);
  return scope;
}

function compileKind(kind: RuleDefinitionWithId['kind']): CompiledKind {
  switch (kind.type) {
    case 'fixed':
      return { type: 'fixed', points: kind.points };
    case 'percentage':
      return { type: 'percentage', percentHundredths: hundredths(kind.percent), rounding: kind.rounding };
    case 'dynamic': {
      const bands = kind.bands ?? [];
      const multipliers = kind.categoryMultipliers
        ? new Map(Object.entries(kind.categoryMultipliers).map(([category, m]) => [category, hundredths(m)]))
        : null;
      return {
        type: 'dynamic',
        rateHundredths: hundredths(kind.pointsPerUnit),
        bandFrom: bands.map((b) => b.fromAmount),
        bandRate: bands.map((b) => hundredths(b.pointsPerUnit)),
        multipliers,
        rounding: kind.rounding,
      };
    }
  }
}

function skipEntries(id: string, name: string): Readonly<Record<SkipReason, SkippedItem>> {
  return Object.freeze(
    Object.fromEntries(SKIP_REASONS.map((reason) => [reason, Object.freeze({ source: 'rule', id, name, reason })])),
  ) as Record<SkipReason, SkippedItem>;
}

/**
 * Compiles validated rules (ruleDefinitionSchema) for calculatePoints. Compile once per rule
 * set and reuse the result: it is immutable and holds no per-purchase state.
 */
export function compileRules(rules: readonly RuleDefinitionWithId[]): CompiledRules {
  const ordered = rules
    .map((rule, given) => ({ rule, given }))
    .sort((a, b) => a.rule.priority - b.rule.priority || a.given - b.given);
  const compiled = ordered.map(({ rule }, index): CompiledRule => {
    const scope = rule.condition ? conditionScope(rule.condition) : { readsLineFields: false, readsMetadata: false };
    return Object.freeze({
      id: rule.id,
      name: rule.name,
      priority: rule.priority,
      index,
      active: rule.active,
      stacking: rule.stacking,
      kind: compileKind(rule.kind),
      condition: rule.condition ? compileCondition(rule.condition) : null,
      ...scope,
      schedule: rule.schedule ? compileSchedule(rule.schedule) : null,
      minAmount: rule.minAmount ?? 0,
      maxPoints: rule.maxPoints ?? null,
      approvalDays: rule.approvalDays ?? null,
      skip: skipEntries(rule.id, rule.name),
    });
  });
  return Object.freeze({ rules: Object.freeze(compiled) }) as unknown as CompiledRules;
}
