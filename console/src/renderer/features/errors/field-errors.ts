import { LoyaltyApiError } from '@loyalty/sdk';

// Where a refused write should be shown: next to the field the API's `details` name. The API
// says it two ways: a validation failure lists `issues` with dot paths into the body
// (`kind.percent`, `condition.all.0.value`), and a domain check names one `field`. A form
// passes the paths it can show; an error naming none of them goes to the form as a whole.

export interface FieldError {
  /** A dot path into the form's values, or 'root' for the form as a whole. */
  path: string;
  message: string;
}

interface Issue {
  path?: unknown;
  message?: unknown;
}

function issuesOf(details: unknown): { path: string; message: string }[] {
  if (typeof details !== 'object' || details === null) return [];
  const { issues, field } = details as { issues?: unknown; field?: unknown };
  if (Array.isArray(issues)) {
    return (issues as Issue[])
      .filter((i) => typeof i.path === 'string' && typeof i.message === 'string')
      .map((i) => ({ path: i.path as string, message: i.message as string }));
  }
  if (typeof field === 'string') return [{ path: field, message: '' }];
  return [];
}

/**
 * The errors to set on a form for a failed call. `shows(path)` tells whether the form has a
 * place for a path; an issue it cannot place is reported at the nearest shown ancestor, and
 * failing that on 'root' together with the API's message.
 */
export function fieldErrorsOf(err: unknown, shows: (path: string) => boolean): FieldError[] {
  if (!(err instanceof LoyaltyApiError)) return [];
  const placed: FieldError[] = [];
  let unplaced = false;
  for (const issue of issuesOf(err.details)) {
    const parts = issue.path.split('.');
    while (parts.length > 0 && !shows(parts.join('.'))) parts.pop();
    if (parts.length === 0) {
      unplaced = true;
      continue;
    }
    placed.push({ path: parts.join('.'), message: issue.message || err.message });
  }
  if (placed.length === 0 || unplaced) placed.push({ path: 'root', message: err.message });
  return placed;
}
