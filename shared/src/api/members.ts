import { z } from 'zod';
import { boundedJsonSchema, idSchema, textSchema, timestampSchema } from './common.ts';
import { emailSchema } from './auth.ts';

export const MAX_ATTRIBUTES_BYTES = 16 * 1024;

export const birthdaySchema = z.iso.date({ error: 'must be a date, YYYY-MM-DD' });
export const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number, such as +33612345678');

const profileFields = {
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  name: textSchema(200).nullable().optional(),
  birthday: birthdaySchema.nullable().optional(),
  attributes: boundedJsonSchema(MAX_ATTRIBUTES_BYTES).optional(),
};

export const createMemberBodySchema = z.strictObject({
  externalId: textSchema(200).describe("the merchant's own customer id, unique per program"),
  ...profileFields,
});
export const updateMemberBodySchema = z.strictObject(profileFields);

export const balanceSchema = z
  .object({
    available: z.int().describe('spendable points'),
    pending: z.int().describe('points on hold: not spendable until confirmed'),
    lifetimeEarned: z.int(),
    lifetimeRedeemed: z.int(),
  })
  .meta({ id: 'Balance' });

export const memberSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    externalId: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    name: z.string().nullable(),
    birthday: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    balance: balanceSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Member' });
