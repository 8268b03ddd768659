// The console's Content-Security-Policy, one definition for both places that serve it: the API
// (a header on /console/) and the Electron shell (a header on its app:// responses). Scripts only
// from the console's own files (no inline script, no eval); the network only to the API.
// Styles allow inline: the component kit writes its theme's CSS variables into a <style> element
// and sets style attributes; a nonce would need a server to render each page, and a style can
// restyle the page but not run code.

/** `'self'` when the API serves the console from its own origin; the API's origin otherwise. */
export function consoleContentSecurityPolicy(apiOrigin: string): string {
  const connect = apiOrigin === "'self'" ? "'self'" : `'self' ${new URL(apiOrigin).origin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
