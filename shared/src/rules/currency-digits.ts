// Minor-unit digits of a currency (EUR 2, JPY 0, KWD 3), from the runtime's CLDR data, which
// is what turns "10% of the amount in major units" into an exact fraction of minor units.

const digitsByCurrency = new Map<string, number>();

export function currencyMinorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000];

/** 10^(minor digits): minor units per major unit. */
export function minorUnitsPerMajor(currency: string): number {
  return POWERS_OF_TEN[currencyMinorDigits(currency)] ?? 10 ** currencyMinorDigits(currency);
}
