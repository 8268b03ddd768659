import { LoyaltyApiError } from '@loyalty/sdk';

// A failed log-in, said where the user will look: next to the field at fault when the API names
// one, under the password otherwise (the API answers one 401 for a wrong tenant, e-mail or
// password, on purpose: it does not tell an attacker which one exists).

export type LoginField = 'tenant' | 'email' | 'password';
export interface LoginFailure {
  field: LoginField | 'form';
  message: string;
}

const FIELDS: readonly string[] = ['tenant', 'email', 'password'];

export function loginFailureOf(err: unknown, apiOrigin: string): LoginFailure[] {
  if (!(err instanceof LoyaltyApiError)) {
    return [{ field: 'form', message: `The API at ${apiOrigin} cannot be reached. Check your connection.` }];
  }
  if (err.status === 401) {
    return [{ field: 'password', message: 'Wrong workspace, e-mail or password.' }];
  }
  if (err.code === 'rate_limited') {
    return [{ field: 'form', message: 'Too many attempts. Wait a few minutes, then try again.' }];
  }
  if (err.code === 'validation_failed') {
    const issues = (err.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues ?? [];
    const known = issues.filter((i) => i.path && FIELDS.includes(i.path));
    if (known.length > 0) {
      return known.map((i) => ({ field: i.path as LoginField, message: i.message ?? 'invalid' }));
    }
  }
  return [{ field: 'form', message: `${err.message} (request ${err.requestId ?? 'unknown'})` }];
}
