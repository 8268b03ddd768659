import type { MemberCreatedEventData, MemberUpdatedEventData } from '@loyalty/shared';

// What a member event says about the member (shared/src/events/member-events.ts): the birth
// month and the attributes the program declares free of personal data, nothing else. The
// external id and undeclared attributes stay in Postgres, where deletion can erase them.

/** The member's attributes restricted to the declared keys, in the order they are declared. */
export function publishedAttributes(
  attributes: Readonly<Record<string, unknown>>,
  declared: readonly string[],
): Record<string, unknown> {
  const published: Record<string, unknown> = {};
  for (const key of declared) if (Object.hasOwn(attributes, key)) published[key] = attributes[key];
  return published;
}

export interface MemberProfileFacts {
  birthMonth: number | null;
  attributes: Readonly<Record<string, unknown>>;
}

export function memberCreatedData(m: MemberProfileFacts, declared: readonly string[]): MemberCreatedEventData {
  return { birthMonth: m.birthMonth, attributes: publishedAttributes(m.attributes, declared) };
}

export function memberUpdatedData(
  m: MemberProfileFacts,
  declared: readonly string[],
  changed: readonly string[],
): MemberUpdatedEventData {
  return { ...memberCreatedData(m, declared), changed: [...changed] };
}
