// Regular expressions that are both the check and the documentation of a string rule: a zod
// `.regex()` becomes the JSON Schema `pattern` of the OpenAPI document, so what clients (and
// schema-driven fuzzers) are told is exactly what is enforced. They are written for both regex
// dialects that read them (ECMAScript here, Python's for generators): explicit character
// classes rather than `\s` or `\d`-free shortcuts whose meaning differs, no lookarounds, and
// shapes that match in linear time.

/** C0 controls but tab, line feed and carriage return, and DEL: never part of typed text. */
const TEXT_CONTROLS = String.raw`\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f`;
/** Every C0 control and DEL: never part of a URL value. */
const URL_CONTROLS = String.raw`\u0000-\u001f\u007f`;
/** What String.prototype.trim() removes besides controls: a text must hold something else. */
const TRIMMED_SPACE = String.raw`\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;

/** Typed text: no control character but tab and line breaks, and something besides spaces. */
export const TEXT_PATTERN = new RegExp(`^[${TRIMMED_SPACE}]*[^${TEXT_CONTROLS}${TRIMMED_SPACE}][^${TEXT_CONTROLS}]*$`);

/** Text sent in a URL (a path segment, a query value): no control character at all, and not only spaces. */
export const URL_TEXT_PATTERN = new RegExp(
  `^[${TRIMMED_SPACE}]*[^${URL_CONTROLS}${TRIMMED_SPACE}][^${URL_CONTROLS}]*$`,
);

/** Printable ASCII without spaces (a code), spaces around it allowed: they are trimmed away. */
export const TRIMMED_CODE_PATTERN = new RegExp(`^[${TRIMMED_SPACE}]*[\\x21-\\x7e]+[${TRIMMED_SPACE}]*$`);

/** Any string a JSON body may carry: Postgres text and jsonb cannot hold NUL. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
export const NO_NUL_PATTERN = /^[^\u0000]*$/;

/** Any string a URL may carry: the HTTP layer refuses control characters in paths and queries. */
export const NO_URL_CONTROLS_PATTERN = new RegExp(`^[^${URL_CONTROLS}]*$`);

// Calendar dates -----------------------------------------------------------------------------

/** Zero-padded numbers of `width` digits from `min` to `max`, as a regex alternation. */
export function digitRangePattern(min: number, max: number, width: number): string {
  if (min > max) throw new Error(`empty range ${min}..${max}`);
  const lo = String(min).padStart(width, '0');
  const hi = String(max).padStart(width, '0');
  if (width === 1) return min === max ? lo : `[${lo}-${hi}]`;
  const rest = width - 1;
  const all = '\\d'.repeat(rest);
  if (lo === hi) return lo;
  if (lo[0] === hi[0]) return `${lo[0]}(?:${digitRangePattern(Number(lo.slice(1)), Number(hi.slice(1)), rest)})`;
  const restMax = 10 ** rest - 1;
  const parts: string[] = [];
  let first = Number(lo[0]);
  let last = Number(hi[0]);
  if (Number(lo.slice(1)) !== 0) {
    parts.push(`${first}(?:${digitRangePattern(Number(lo.slice(1)), restMax, rest)})`);
    first += 1;
  }
  const lastPart =
    Number(hi.slice(1)) !== restMax ? `${last}(?:${digitRangePattern(0, Number(hi.slice(1)), rest)})` : '';
  if (lastPart) last -= 1;
  if (first <= last) parts.push(`${first === last ? first : `[${first}-${last}]`}${all}`);
  if (lastPart) parts.push(lastPart);
  return parts.join('|');
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const NON_CENTURY_LEAP_ENDINGS = '0[48]|[2468][048]|[13579][26]';

/** The two-digit numbers from `min` to `max` that are multiples of 4 (00 aside), as an alternation. */
function multiplesOfFour(min: number, max: number): string {
  if (min <= 1 && max >= 99) return NON_CENTURY_LEAP_ENDINGS;
  const listed: string[] = [];
  for (let n = Math.max(min, 1); n <= max; n++) if (n % 4 === 0) listed.push(String(n).padStart(2, '0'));
  return listed.join('|');
}

/** The leap years from `min` to `max` (four digits), as a regex alternation. */
function leapYearPattern(min: number, max: number): string {
  const parts: string[] = [];
  // Centuries whose years 01-99 are all in range share one pattern for their last two digits.
  const firstWhole = Math.ceil((min - 1) / 100);
  const lastWhole = Math.floor((max - 99) / 100);
  if (firstWhole <= lastWhole)
    parts.push(`(?:${digitRangePattern(firstWhole, lastWhole, 2)})(?:${NON_CENTURY_LEAP_ENDINGS})`);
  for (let y = min; y <= max; y++) {
    const century = Math.floor(y / 100);
    if (y % 100 !== 0 && isLeap(y) && (century < firstWhole || century > lastWhole))
      parts.push(String(y).padStart(4, '0'));
  }
  // Century years are leap years when their century is a multiple of 4 (year 0 does not exist).
  const centuries = multiplesOfFour(Math.ceil(min / 100), Math.floor(max / 100));
  if (centuries) parts.push(`(?:${centuries})00`);
  return parts.join('|');
}

const MONTH_DAY =
  '(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])';

/** A calendar date `YYYY-MM-DD` that exists, in the years `minYear` to `maxYear` (unanchored). */
export function isoDatePattern(minYear: number, maxYear: number): string {
  return `(?:(?:${digitRangePattern(minYear, maxYear, 4)})-(?:${MONTH_DAY})|(?:${leapYearPattern(minYear, maxYear)})-02-29)`;
}

/** `HH:MM:SS` with optional fractions: no leap second, no 24:00. */
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?';
/** `Z`, or an offset a real time zone can have: -14:00 to +14:00. */
export const REAL_UTC_OFFSET = '(?:Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))';

/** An ISO 8601 timestamp with seconds and a real UTC offset, in the years `minYear` to `maxYear`. */
export function isoTimestampPattern(minYear: number, maxYear: number): RegExp {
  return new RegExp(`^${isoDatePattern(minYear, maxYear)}T${TIME}${REAL_UTC_OFFSET}$`);
}

/** An ISO 8601 calendar date in the years `minYear` to `maxYear`. */
export function isoDateOnlyPattern(minYear: number, maxYear: number): RegExp {
  return new RegExp(`^${isoDatePattern(minYear, maxYear)}$`);
}
