import { describe, expect, it } from 'vitest';
import { externalUrl, navigationDecision, windowOpenDecision } from './navigation-policy.ts';

const origins = { appOrigin: 'app://console', apiOrigin: 'http://127.0.0.1:3001' };

describe('navigation policy', () => {
  it('lets the window move within the console only', () => {
    expect(navigationDecision('app://console/index.html#/members', origins)).toEqual({ action: 'allow' });
    expect(navigationDecision('app://evil/index.html', origins)).toEqual({ action: 'deny' });
    expect(navigationDecision('file:///etc/passwd', origins)).toEqual({ action: 'deny' });
  });

  it('sends https sites and the API (its guide, its reference) to the system browser', () => {
    expect(navigationDecision('https://example.com/help', origins)).toEqual({
      action: 'deny',
      openExternally: 'https://example.com/help',
    });
    expect(windowOpenDecision('http://127.0.0.1:3001/guide/', origins)).toEqual({
      action: 'deny',
      openExternally: 'http://127.0.0.1:3001/guide/',
    });
  });

  it('never opens other schemes, plain http elsewhere, credentials in URLs or garbage outside', () => {
    for (const url of [
      'http://example.com/',
      'file:///C:/Windows/system32/calc.exe',
      'smb://host/share',
      'javascript:alert(1)',
      'https://user:pass@example.com/',
      'not a url',
    ]) {
      expect(externalUrl(url, origins.apiOrigin)).toBeUndefined();
      expect(windowOpenDecision(url, origins)).toEqual({ action: 'deny' });
    }
  });
});
