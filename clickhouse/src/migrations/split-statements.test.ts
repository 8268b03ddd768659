import { describe, expect, it } from 'vitest';
import { splitSqlStatements, SqlSplitError } from './split-statements.ts';

const sqls = (text: string) => splitSqlStatements(text).map((s) => s.sql);

describe('splitSqlStatements', () => {
  it('splits at a ; that ends its line, and reports where each statement starts', () => {
    const text = '-- header\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\nCREATE VIEW b AS\nSELECT 1;   \nSELECT 2';
    expect(splitSqlStatements(text)).toEqual([
      { sql: 'CREATE TABLE a (x UInt8) ENGINE = Memory', line: 2 },
      { sql: 'CREATE VIEW b AS\nSELECT 1', line: 4 },
      { sql: 'SELECT 2', line: 6 },
    ]);
  });

  it('accepts a line comment after the ; and CRLF line ends', () => {
    expect(sqls('SELECT 1; -- one\r\nSELECT 2; # two\r\n')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('keeps a ; that is not at the end of its line in the statement', () => {
    expect(sqls('SELECT 1; SELECT 2;\n')).toEqual(['SELECT 1; SELECT 2']);
  });

  it.each([
    ['a string', "SELECT 'a;\nb';\nSELECT 2;", ["SELECT 'a;\nb'", 'SELECT 2']],
    [
      'a string with escaped and doubled quotes',
      "SELECT 'it\\'s;\n', 'it''s;\n';\nSELECT 2;",
      ["SELECT 'it\\'s;\n', 'it''s;\n'", 'SELECT 2'],
    ],
    ['a double-quoted identifier', 'SELECT 1 AS "x;\n";\nSELECT 2;', ['SELECT 1 AS "x;\n"', 'SELECT 2']],
    ['a back-quoted identifier', 'SELECT 1 AS `x;\n`;\nSELECT 2;', ['SELECT 1 AS `x;\n`', 'SELECT 2']],
    ['a line comment', 'SELECT 1 -- not the end;\n, 2;\nSELECT 3;', ['SELECT 1 -- not the end;\n, 2', 'SELECT 3']],
    [
      'a nested block comment',
      'SELECT /* a /* b;\n */ still;\n */ 1;\nSELECT 2;',
      ['SELECT /* a /* b;\n */ still;\n */ 1', 'SELECT 2'],
    ],
    ['a heredoc', 'SELECT $fn$x;\n$fn$;\nSELECT 2;', ['SELECT $fn$x;\n$fn$', 'SELECT 2']],
  ])('does not split inside %s', (_what, text, expected) => {
    expect(sqls(text)).toEqual(expected);
  });

  it('drops pieces that hold only comments and blanks', () => {
    expect(sqls('-- only a comment;\n/* and; */\n;\n\nSELECT 1;\n-- trailing\n')).toEqual(['SELECT 1']);
  });

  it.each([
    ["SELECT 'open;\n", 'line 1: unterminated string'],
    ['SELECT 1;\nSELECT `open', 'line 2: unterminated quoted identifier'],
    ['SELECT 1 /* open /* nested */', 'line 1: unterminated /* comment'],
    ['SELECT $x$ open', 'line 1: unterminated heredoc'],
  ])('refuses unterminated text: %j', (text, message) => {
    expect(() => splitSqlStatements(text)).toThrow(SqlSplitError);
    expect(() => splitSqlStatements(text)).toThrow(message);
  });
});
