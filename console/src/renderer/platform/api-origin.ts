import { consoleBridge } from './bridge.ts';

/** The API to talk to: the shell's configured one in Electron; in a browser, the API that served the page. */
export async function apiBaseUrl(): Promise<string> {
  const bridge = consoleBridge();
  if (bridge) return (await bridge.appInfo()).apiOrigin;
  return window.location.origin;
}
