import { z } from 'zod';

// The `data` of member events. Events leave Postgres for Kafka (retained for days, no way to
// erase one message), ClickHouse and webhooks, so they carry the member only by its UUID, a
// pseudonym: no external id (often an e-mail), no e-mail, phone, name or birthday, and only the
// custom attributes the program declares free of personal data (settings.analyticsAttributes).
// The birth month stays: segments test it, and it identifies nobody on its own. A deletion
// carries nothing; the ClickHouse sink erases what it holds about the member when it sees it.

export const memberProfileEventDataSchema = z.strictObject({
  birthMonth: z.int().min(1).max(12).nullable().describe("the month of the member's birthday; null when unknown"),
  attributes: z
    .record(z.string(), z.unknown())
    .describe("only the keys listed in the program's settings.analyticsAttributes"),
});

export const memberCreatedEventDataSchema = memberProfileEventDataSchema;
export type MemberCreatedEventData = z.infer<typeof memberCreatedEventDataSchema>;

export const memberUpdatedEventDataSchema = memberProfileEventDataSchema.extend({
  changed: z.array(z.string()).describe('the profile fields the request changed, by name (never their values)'),
});
export type MemberUpdatedEventData = z.infer<typeof memberUpdatedEventDataSchema>;

export const memberDeletedEventDataSchema = z.strictObject({});
export type MemberDeletedEventData = z.infer<typeof memberDeletedEventDataSchema>;
