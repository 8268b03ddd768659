// What the access token says about its holder. The API exposes no "current user" endpoint, but
// its access token (a JWT, see api/src/modules/auth/tokens.ts) names the user (sub), the tenant
// (tid) and the role key. The console reads them to decide what to offer; the API still checks
// every request, so a forged token here changes the menus, never what is allowed.

export interface AccessClaims {
  userId: string;
  tenantId: string;
  role: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function accessClaimsOf(accessToken: string): AccessClaims | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>;
    const { sub, tid, role, exp } = claims;
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof role !== 'string' || typeof exp !== 'number') {
      return undefined;
    }
    return { userId: sub, tenantId: tid, role, expiresAt: exp };
  } catch {
    return undefined;
  }
}
