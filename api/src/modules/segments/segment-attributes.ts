import type { Condition } from '@loyalty/shared';

// A segment condition runs in ClickHouse, which holds only the custom attributes the program
// declares free of personal data (settings.analyticsAttributes): a test on any other attribute
// would silently select nobody. Such a condition is refused, naming the keys.

const ATTRIBUTE_FIELD = 'member.attributes.';

/** The custom attribute keys a condition tests (`member.attributes.<key>`), each once. */
export function attributeKeysInCondition(condition: Condition | null | undefined): string[] {
  const found = new Set<string>();
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if (c.field.startsWith(ATTRIBUTE_FIELD)) found.add(c.field.slice(ATTRIBUTE_FIELD.length));
  };
  if (condition) walk(condition);
  return [...found];
}

/** The keys the condition tests that analytics do not hold. */
export function undeclaredAttributeKeys(
  condition: Condition | null | undefined,
  declared: readonly string[],
): string[] {
  const published = new Set(declared);
  return attributeKeysInCondition(condition).filter((key) => !published.has(key));
}
