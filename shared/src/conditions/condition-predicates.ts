import type { Condition, ConditionPredicate } from './condition-schema.ts';

/** Every comparison in a condition, whatever the all/any/not nesting around it, in order. */
export function conditionPredicates(condition: Condition | null | undefined): ConditionPredicate[] {
  const found: ConditionPredicate[] = [];
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else found.push(c);
  };
  if (condition) walk(condition);
  return found;
}
