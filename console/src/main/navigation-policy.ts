import { originOf } from './app-origin.ts';

// Where the window may go. The console is one page: in-app moves are hash changes, which never
// reach these checks. A navigation or a new window anywhere else is refused; a link to the API
// (its guide, its reference) or to an https site opens in the user's browser instead, after the
// URL is parsed and checked, so a crafted link cannot launch a local program (file:, smb:, ...).

export interface NavigationOrigins {
  /** Where the console's own pages come from (app://console, or the dev server). */
  appOrigin: string;
  apiOrigin: string;
}

export type NavigationDecision = { action: 'allow' } | { action: 'deny'; openExternally?: string };

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** A URL the system browser may open: https anywhere, or the API's own origin; never credentials in it. */
export function externalUrl(url: string, apiOrigin: string): string | undefined {
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password) return undefined;
  if (parsed.protocol === 'https:' || parsed.origin === apiOrigin) return parsed.href;
  return undefined;
}

/** `will-navigate`: stay on the app's origin; anything else is refused (and maybe opened outside). */
export function navigationDecision(url: string, origins: NavigationOrigins): NavigationDecision {
  if (originOf(url) === origins.appOrigin) return { action: 'allow' };
  const outside = externalUrl(url, origins.apiOrigin);
  return outside ? { action: 'deny', openExternally: outside } : { action: 'deny' };
}

/** `setWindowOpenHandler`: the console never opens a second Electron window. */
export function windowOpenDecision(url: string, origins: NavigationOrigins): NavigationDecision {
  const outside = externalUrl(url, origins.apiOrigin);
  return outside ? { action: 'deny', openExternally: outside } : { action: 'deny' };
}
