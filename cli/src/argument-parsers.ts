import { InvalidArgumentError } from 'commander';
import { CURRENCY_CODES, type CurrencyCode } from '@loyalty/shared';

// Checks of command-line values that the CLI can make before calling the API, so a typo is a
// usage error (exit 2) with a message naming the value, not a request the API refuses.

const MAX_POINTS = 1_000_000_000_000;

export function wholeNumber(value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(`${value} is not between ${min} and ${max}.`);
  return n;
}

export const points = (value: string): number => wholeNumber(value, 1, MAX_POINTS);

/** An amount in minor units (cents): 12.50 EUR is 1250. */
export const minorAmount = (value: string): number => {
  if (/^\d+[.,]\d+$/.test(value.trim())) {
    throw new InvalidArgumentError(`"${value}" has decimals: give the amount in minor units (12.50 EUR is 1250).`);
  }
  return wholeNumber(value, 0, Number.MAX_SAFE_INTEGER);
};

/** The API answers at most 200 items a page. */
export const pageSize = (value: string): number => wholeNumber(value, 1, 200);

export const listLimit = (value: string): number => wholeNumber(value, 1, 1_000_000);

const CURRENCIES: ReadonlySet<string> = new Set(CURRENCY_CODES);

/** One of the ISO 4217 codes the API accepts (the same list its document states). */
export function currencyCode(value: string): CurrencyCode {
  const code = value.trim().toUpperCase();
  if (!CURRENCIES.has(code)) throw new InvalidArgumentError(`"${value}" is not an ISO 4217 currency code (EUR).`);
  return code as CurrencyCode;
}

export function timestamp(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    throw new InvalidArgumentError(`"${value}" is not an ISO 8601 timestamp (2025-01-31T12:00:00Z).`);
  }
  return new Date(ms).toISOString();
}

/** Repeatable options (--scope a --scope b) collect into a list; commas split too. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...(previous ?? []), ...items];
}
