// What the search box was given. The API finds a member by external id (exact) or by id; it has
// no search by e-mail (members' e-mails are stored encrypted, so the database cannot match on
// them), so an address is answered with that explanation rather than an empty result.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type MemberLookup =
  | { kind: 'none' }
  | { kind: 'member-id'; memberId: string }
  | { kind: 'external-id'; externalId: string }
  | { kind: 'email-unsupported'; email: string };

export function memberLookupOf(input: string): MemberLookup {
  const text = input.trim();
  if (text === '') return { kind: 'none' };
  if (UUID.test(text)) return { kind: 'member-id', memberId: text.toLowerCase() };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return { kind: 'email-unsupported', email: text };
  return { kind: 'external-id', externalId: text };
}
