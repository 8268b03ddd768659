import type { TenantRow } from './tenants.repository.ts';

export const WHITE_LABEL_DOMAIN = 'loyaltystudio.ai';

/** Subdomains the platform keeps for itself. */
export const RESERVED_SLUGS = new Set(['www', 'api', 'app', 'admin', 'docs', 'console', 'status', 'mail', 'help', 'support', 'static', 'cdn']);

export function tenantView(t: TenantRow) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    legalName: t.legal_name,
    contactEmail: t.contact_email,
    website: t.website,
    settings: t.settings,
    subdomain: `${t.slug}.${WHITE_LABEL_DOMAIN}`,
    createdAt: t.created_at.toISOString(),
  };
}
