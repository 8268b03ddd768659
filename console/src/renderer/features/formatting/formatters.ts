// Numbers and dates in the user's locale and the program's time zone. Intl formatters are costly
// to build (each loads locale data) and cells render thousands of times: one formatter per
// locale, zone and style, cached for the session.

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

export function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let found = cache.get(key) as F | undefined;
  if (!found) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

export type DateStyle = 'date' | 'date-time';

export interface Formatters {
  points(value: number): string;
  /** With an explicit + or − sign, for ledger movements. */
  signedPoints(value: number): string;
  date(iso: string, style?: DateStyle): string;
}

export function formattersFor(locale: string, timeZone: string): Formatters {
  const points = cached(`n|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  const signed = cached(
    `s|${locale}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }),
  );
  const dateOnly = cached(
    `d|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }),
  );
  const dateTime = cached(
    `dt|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  );
  return {
    points: (v) => points.format(v),
    signedPoints: (v) => signed.format(v),
    date: (iso, style = 'date-time') => (style === 'date' ? dateOnly : dateTime).format(new Date(iso)),
  };
}

/** How many formatters are cached (tests check reuse). */
export function cachedFormatterCount(): number {
  return cache.size;
}
