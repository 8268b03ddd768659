import { z } from 'zod';
// Not from conditions/: that module imports this one.
import { distinctItems, idSchema, JSON_FIELD_KEY_PATTERN, textSchema, timestampSchema } from './common.ts';
import { CURRENCY_CODES } from './currency-codes.ts';

export const currencySchema = z
  .enum(CURRENCY_CODES, { error: 'must be an ISO 4217 currency code, such as EUR or USD' })
  .meta({ id: 'Currency', description: 'an ISO 4217 currency code' });

// The zones of the runtime's IANA database, by their canonical names, and UTC. An enum rather
// than a pattern: no pattern tells Europe/Paris from Europe/Pariss, so a pattern would promise
// names we refuse; and the zone arithmetic (Temporal, Intl, ClickHouse's own copy of the
// database) knows exactly these. It is one component, named once in the document (about 8 KB).
export const TIME_ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
export const timezoneSchema = z
  .enum(TIME_ZONES as [string, ...string[]], { error: 'must be an IANA time zone, such as Europe/Paris or UTC' })
  .meta({ id: 'TimeZone', description: 'an IANA time zone by its canonical name, such as Europe/Paris, or UTC' });

/** Earned points expire this many days after they are earned; null: never. */
const pointsExpiryDays = z.int().min(1).max(3650).nullable();
/** The longest a pending hold may stay pending; past its deadline it is voided. */
const maxHoldDays = z.int().min(1).max(365);

/** What tier thresholds are measured on: points earned all time, or the spendable balance. */
export const tierBasisSchema = z.enum(['lifetime_earned', 'balance']);
export type TierBasis = z.infer<typeof tierBasisSchema>;
/** A program-wide cap on the points one transaction can earn (rules, tier and campaigns together); null: none. */
const maxPointsPerTransaction = z.int().min(1).max(100_000_000).nullable();
/**
 * The custom attribute keys that hold no personal data. Only these leave Postgres in member
 * events (Kafka, ClickHouse, webhooks), so only these can be tested by segment conditions,
 * which run in ClickHouse. Changing the list republishes the program's members.
 */
const analyticsAttributes = distinctItems(
  z.array(z.string().regex(JSON_FIELD_KEY_PATTERN, 'must be an attribute key: 1-64 letters, digits, _ . -')).max(100),
  'must not repeat a key',
).describe('custom attribute keys free of personal data: the only ones analytics and segments see');

export const programSettingsSchema = z.strictObject({
  pointsExpiryDays: pointsExpiryDays.default(null),
  maxHoldDays: maxHoldDays.default(90),
  tierBasis: tierBasisSchema.default('lifetime_earned'),
  maxPointsPerTransaction: maxPointsPerTransaction.default(null),
  analyticsAttributes: analyticsAttributes.default([]),
});
export type ProgramSettings = z.output<typeof programSettingsSchema>;
// No defaults here: a patch changes only what it names.
const programSettingsPatchSchema = z.strictObject({
  pointsExpiryDays: pointsExpiryDays.optional(),
  maxHoldDays: maxHoldDays.optional(),
  tierBasis: tierBasisSchema.optional(),
  maxPointsPerTransaction: maxPointsPerTransaction.optional(),
  analyticsAttributes: analyticsAttributes.optional(),
});

export const programSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    currency: z.string(),
    timezone: z.string(),
    settings: programSettingsSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Program' });

export const createProgramBodySchema = z.strictObject({
  name: textSchema(200),
  currency: currencySchema,
  timezone: timezoneSchema,
  settings: programSettingsSchema.default({
    pointsExpiryDays: null,
    maxHoldDays: 90,
    tierBasis: 'lifetime_earned',
    maxPointsPerTransaction: null,
    analyticsAttributes: [],
  }),
});

export const updateProgramBodySchema = z.strictObject({
  name: textSchema(200).optional(),
  timezone: timezoneSchema.optional(),
  settings: programSettingsPatchSchema.optional(),
});
