// Each process logs in to Postgres as the least-privileged role that can do its work. By default
// its URL is the owner's DATABASE_URL with the role as the user and no password: right for local
// clusters (trust), peer and certificate authentication. Elsewhere a deployment gives each
// process its own URL with a password.

/** The API: every tenant table, under row-level security. */
export const APP_DATABASE_ROLE = 'loyalty_app';
/** The outbox relay: reads the outbox and marks it published, nothing else. */
export const RELAY_DATABASE_ROLE = 'loyalty_relay';

export function databaseUrlAs(ownerUrl: string, role: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}
