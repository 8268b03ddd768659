import { describe, expect, it } from 'vitest';
import { loadShellConfig } from './config.ts';

describe('loadShellConfig', () => {
  it('talks to the local API by default and keeps only the origin of a given URL', () => {
    expect(loadShellConfig({}).apiOrigin).toBe('http://127.0.0.1:3001');
    expect(loadShellConfig({ LOYALTY_API_URL: 'https://api.example.com/v1/' }).apiOrigin).toBe(
      'https://api.example.com',
    );
  });

  it('fails fast on an API address that is not http(s)', () => {
    expect(() => loadShellConfig({ LOYALTY_API_URL: 'file:///etc' })).toThrow();
  });
});
