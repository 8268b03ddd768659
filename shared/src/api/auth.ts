import { z } from 'zod';
import { idSchema, mustBeInTheFuture, textSchema, timestampSchema } from './common.ts';

export const PERMISSIONS = [
  'tenant:read',
  'tenant:write',
  'users:read',
  'users:write',
  'roles:read',
  'roles:write',
  'api_keys:read',
  'api_keys:write',
  'audit:read',
  'programs:read',
  'programs:write',
  'members:read',
  'members:write',
  'points:read',
  'points:earn',
  'points:redeem',
  'points:adjust',
  'points:reverse',
  'points:expire',
  'reports:read',
  'reports:write',
  'rules:read',
  'rules:write',
  'tiers:read',
  'tiers:write',
  'rewards:read',
  'rewards:write',
  'rewards:redeem',
  'rewards:fulfil',
  'reward_codes:read',
  'segments:read',
  'segments:write',
  'campaigns:read',
  'campaigns:write',
  'analytics_users:read',
  'analytics_users:write',
  'metrics:read',
] as const;
export const permissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof permissionSchema>;

export const PREDEFINED_ROLES = ['owner', 'admin', 'marketer', 'analyst', 'support', 'developer'] as const;
const readPermissions = PERMISSIONS.filter((p) => p.endsWith(':read'));

/** What each predefined role may do; custom roles are stored per tenant with their own list. The API enforces it; the console reads it to offer only what a role can use. */
export const PREDEFINED_ROLE_PERMISSIONS: Record<(typeof PREDEFINED_ROLES)[number], readonly Permission[]> = {
  owner: PERMISSIONS,
  // Data-team database users see a whole tenant's analytics: only the owner creates them.
  admin: PERMISSIONS.filter((p) => p !== 'analytics_users:write'),
  marketer: [
    'tenant:read',
    'programs:read',
    'programs:write',
    'members:read',
    'points:read',
    'audit:read',
    'reports:read',
    'reports:write',
    'rules:read',
    'rules:write',
    'tiers:read',
    'tiers:write',
    'rewards:read',
    'rewards:write',
    'segments:read',
    'segments:write',
    'campaigns:read',
    'campaigns:write',
  ],
  // Analysts build, save and export reports; everything else they only read, except the codes
  // handed out to members (vouchers are as good as money) and operational metrics.
  analyst: [...readPermissions.filter((p) => p !== 'reward_codes:read' && p !== 'metrics:read'), 'reports:write'],
  support: [
    'tenant:read',
    'programs:read',
    'members:read',
    'members:write',
    'points:read',
    'points:adjust',
    'points:reverse',
    'rewards:read',
    'rewards:redeem',
    'rewards:fulfil',
    'reward_codes:read',
    'tiers:read',
    'segments:read',
    'campaigns:read',
  ],
  developer: [
    'tenant:read',
    'api_keys:read',
    'api_keys:write',
    'programs:read',
    'members:read',
    'points:read',
    'audit:read',
    'rules:read',
    'tiers:read',
    'rewards:read',
    'segments:read',
    'campaigns:read',
    'metrics:read',
  ],
};

export const roleKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'role keys are 2-40 lower-case letters, digits, _ or -');

// zod's address pattern, plus the limits mail servers enforce (RFC 5321): a local part of at
// most 64 characters, an address of at most 254.
const EMAIL_PATTERN = new RegExp(`^(?=[^@]{1,64}@)${z.regexes.email.source.slice(1)}`);

export const emailSchema = z
  .email({ pattern: EMAIL_PATTERN, error: 'must be an email address (at most 64 characters before the @)' })
  .max(254, 'must be at most 254 characters')
  .transform((e) => e.toLowerCase());
export const passwordSchema = z
  .string()
  .min(12, 'passwords are at least 12 characters')
  .max(200, 'passwords are at most 200 characters');

export const loginBodySchema = z.strictObject({
  tenant: z.string().min(1).max(63),
  email: emailSchema,
  password: z.string().min(1).max(200),
});

export const refreshBodySchema = z.strictObject({ refreshToken: z.string().min(1).max(500) });

export const tokenPairSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int().describe('seconds until the access token expires'),
    refreshToken: z.string(),
    refreshExpiresAt: timestampSchema,
  })
  .meta({ id: 'TokenPair' });

export const userSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    name: z.string(),
    role: z.string(),
    createdAt: timestampSchema,
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  name: textSchema(200),
  password: passwordSchema,
  role: roleKeySchema,
});
export const updateUserBodySchema = z.strictObject({
  role: roleKeySchema.optional(),
  disabled: z.boolean().optional(),
});

export const customRoleSchema = z
  .object({ key: z.string(), name: z.string(), permissions: z.array(permissionSchema), predefined: z.boolean() })
  .meta({ id: 'Role' });
export const upsertRoleBodySchema = z.strictObject({
  name: textSchema(100),
  permissions: z.array(permissionSchema).min(1).max(PERMISSIONS.length),
});

export const apiKeySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(permissionSchema),
    createdAt: timestampSchema,
    lastUsedAt: timestampSchema.nullable(),
    expiresAt: timestampSchema.nullable(),
    revokedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
export const createApiKeyBodySchema = z.strictObject({
  name: textSchema(100),
  scopes: z.array(permissionSchema).min(1).max(PERMISSIONS.length),
  expiresAt: mustBeInTheFuture(timestampSchema).optional(),
});
export const createdApiKeySchema = apiKeySchema
  .extend({
    secret: z
      .string()
      .nullable()
      .describe('the full key; shown once, store it now (null when an Idempotency-Key replays the creation)'),
  })
  .meta({ id: 'CreatedApiKey' });
