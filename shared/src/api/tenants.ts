import { z } from 'zod';
import { idSchema, textSchema, timestampSchema } from './common.ts';
import { emailSchema, passwordSchema, tokenPairSchema } from './auth.ts';

// A page people will be sent to from the console and portal: only web addresses, never
// `javascript:` or `data:` ones that would run in the viewer's browser.
const websiteSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048, 'must be at most 2048 characters');

export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'slugs are 1-63 lower-case letters, digits or inner hyphens (a DNS label)',
  );

export const tenantSettingsSchema = z.strictObject({
  defaultLocale: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
    .optional(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});

export const tenantSchema = z
  .object({
    id: idSchema,
    slug: z.string(),
    name: z.string(),
    legalName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    website: z.string().nullable(),
    settings: tenantSettingsSchema,
    subdomain: z.string().describe('the white-label host: <slug>.loyaltystudio.ai'),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Tenant' });

export const onboardingBodySchema = z.strictObject({
  tenant: z.strictObject({
    slug: slugSchema,
    name: textSchema(200),
    legalName: textSchema(200).optional(),
    contactEmail: emailSchema.optional(),
    website: websiteSchema.optional(),
  }),
  owner: z.strictObject({ email: emailSchema, name: textSchema(200), password: passwordSchema }),
});

export const onboardingResponseSchema = z
  .object({ tenant: tenantSchema, ownerId: idSchema, tokens: tokenPairSchema })
  .meta({ id: 'Onboarding' });

export const updateTenantBodySchema = z.strictObject({
  name: textSchema(200).optional(),
  legalName: textSchema(200).nullable().optional(),
  contactEmail: emailSchema.nullable().optional(),
  website: websiteSchema.nullable().optional(),
  settings: tenantSettingsSchema.optional(),
});
