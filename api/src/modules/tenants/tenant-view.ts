import type { Tenant } from '../../generated/prisma/client.ts';

export const WHITE_LABEL_DOMAIN = 'loyaltystudio.ai';

/** Subdomains the platform keeps for itself. */
export const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'app',
  'admin',
  'docs',
  'console',
  'status',
  'mail',
  'help',
  'support',
  'static',
  'cdn',
]);

export function tenantView(t: Tenant) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    legalName: t.legalName,
    contactEmail: t.contactEmail,
    website: t.website,
    settings: t.settings as Record<string, string>,
    subdomain: `${t.slug}.${WHITE_LABEL_DOMAIN}`,
    createdAt: t.createdAt.toISOString(),
  };
}
