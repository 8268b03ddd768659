// The renderer's files are served to the window under a privileged custom scheme rather than
// file://, so they have a real origin that CSP, fetch and the IPC sender check can name.

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * A URL's origin as Chromium sees it for a registered standard scheme. Node's URL answers 'null'
 * for schemes it does not know (app:), so the origin is built from scheme and host; URLs without a
 * host (data:, about:blank, javascript:) have none.
 */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}
