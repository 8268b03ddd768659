import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appDatabaseUrl, loadApiConfig } from './config.ts';

const base = {
  DATABASE_URL: 'postgres://loyalty@127.0.0.1:55432/loyalty',
  AUTH_TOKEN_SECRET: 'x'.repeat(40),
  MEMBER_PII_KEY: randomBytes(32).toString('base64'),
};

describe('API configuration', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['10.0.0.0/8, 192.168.1.5', ['10.0.0.0/8', '192.168.1.5']],
  ])('reads TRUST_PROXY=%s as %j', (value, expected) => {
    expect(loadApiConfig({ ...base, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).TRUST_PROXY).toEqual(
      expected,
    );
  });

  it('serves as loyalty_app unless told otherwise', () => {
    expect(appDatabaseUrl(loadApiConfig(base))).toBe('postgres://loyalty_app@127.0.0.1:55432/loyalty');
    const own = loadApiConfig({ ...base, DATABASE_APP_URL: 'postgres://app:pw@db:5432/loyalty' });
    expect(appDatabaseUrl(own)).toBe('postgres://app:pw@db:5432/loyalty');
  });
});
