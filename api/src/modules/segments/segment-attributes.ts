import { conditionPredicates, type Condition } from '@loyalty/shared';

// A segment condition runs in ClickHouse, which holds only the custom attributes the program
// declares free of personal data (settings.analyticsAttributes): a test on any other attribute
// would silently select nobody. Such a condition is refused, naming the keys.

const ATTRIBUTE_FIELD = 'member.attributes.';

/** The custom attribute keys a condition tests (`member.attributes.<key>`), each once. */
export function attributeKeysInCondition(condition: Condition | null | undefined): string[] {
  const fields = conditionPredicates(condition).map((p) => p.field);
  const keys = fields.filter((f) => f.startsWith(ATTRIBUTE_FIELD)).map((f) => f.slice(ATTRIBUTE_FIELD.length));
  return [...new Set(keys)];
}

/** The keys the condition tests that analytics do not hold. */
export function undeclaredAttributeKeys(
  condition: Condition | null | undefined,
  declared: readonly string[],
): string[] {
  const published = new Set(declared);
  return attributeKeysInCondition(condition).filter((key) => !published.has(key));
}
