import { describe, expect, it } from 'vitest';
import { consoleContentSecurityPolicy } from './content-security-policy.ts';

describe('consoleContentSecurityPolicy', () => {
  it('allows scripts from the console only, never eval or inline script, and connects to the API only', () => {
    const csp = consoleContentSecurityPolicy('https://api.example.com/ignored/path');
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self' https://api.example.com");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('connects to its own origin when the API serves it', () => {
    expect(consoleContentSecurityPolicy("'self'")).toContain("connect-src 'self';");
  });
});
