import { describe, expect, it } from 'vitest';
import { clickHouseError, engineError, errorBody, httpStatusFor } from './errors.ts';

describe('engineError', () => {
  it.each([
    [
      'keeps a plain engine exception',
      "Code: 60. DB::Exception: Unknown table expression identifier 'nope'. (UNKNOWN_TABLE)",
      60,
      "Code: 60. DB::Exception: Unknown table expression identifier 'nope'. (UNKNOWN_TABLE)",
    ],
    [
      'unwraps the self-wrapped exceptions of chdb insert paths',
      'Code: 108. DB::Exception: Code: 108. DB::Exception: No data to insert. (NO_DATA_TO_INSERT) (version 26.7.2.1). (NO_DATA_TO_INSERT)',
      108,
      'Code: 108. DB::Exception: No data to insert. (NO_DATA_TO_INSERT)',
    ],
    [
      'unwraps several levels',
      "Code: 73. DB::Exception: Code: 73. DB::Exception: Code: 73. DB::Exception: Unknown format Nope. Maybe you meant: ['One']. (UNKNOWN_FORMAT) (version 26.7.2.1). (UNKNOWN_FORMAT) (version 26.7.2.1). (UNKNOWN_FORMAT)",
      73,
      "Code: 73. DB::Exception: Unknown format Nope. Maybe you meant: ['One']. (UNKNOWN_FORMAT)",
    ],
    [
      'keeps a different inner exception as context',
      'Code: 36. DB::Exception: Outer: Code: 27. DB::Exception: Inner. (CANNOT_PARSE_INPUT_ASSERTION_FAILED). (BAD_ARGUMENTS)',
      36,
      'Code: 36. DB::Exception: Outer: Code: 27. DB::Exception: Inner. (CANNOT_PARSE_INPUT_ASSERTION_FAILED). (BAD_ARGUMENTS)',
    ],
    [
      'wraps a non-ClickHouse failure in server form',
      'Failed to create connection.',
      1001,
      'Code: 1001. DB::Exception: Failed to create connection. (STD_EXCEPTION)',
    ],
  ])('%s', (_name, message, code, text) => {
    expect(engineError(new Error(message))).toEqual({ code, text });
  });
});

describe('httpStatusFor', () => {
  it.each([
    [62, 400],
    [60, 404],
    [115, 404],
    [164, 403],
    [48, 501],
    [241, 500],
  ])('code %i -> HTTP %i', (code, status) => {
    expect(httpStatusFor({ code, text: '' })).toBe(status);
  });

  it('prefers an explicit status', () => {
    expect(httpStatusFor(clickHouseError(36, 'BAD_ARGUMENTS', 'x', 405))).toBe(405);
  });
});

describe('errorBody', () => {
  it('appends the version suffix and a newline like a server', () => {
    expect(errorBody(clickHouseError(62, 'SYNTAX_ERROR', 'Empty query'), '26.7.2.1')).toBe(
      'Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR) (version 26.7.2.1 (chdb))\n',
    );
  });
});
