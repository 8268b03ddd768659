import { describe, expect, it } from 'vitest';
import { CsvParser, csvRecords, CsvSyntaxError, type CsvRecord } from './csv-records.ts';

function parse(text: string, chunkSize = text.length || 1): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...parser.push(text.slice(i, i + chunkSize)));
  return [...out, ...parser.end()];
}

describe('CsvParser', () => {
  it('reads records with their line numbers, LF or CRLF, with or without a final line break', () => {
    expect(parse('a,b\r\n1,2\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, and counts their lines', () => {
    const text = 'name,note\n"Lovelace, Ada","say ""hi""\nthen go"\nnext,row\n';
    expect(parse(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Lovelace, Ada', 'say "hi"\nthen go'] },
      { line: 4, fields: ['next', 'row'] },
    ]);
  });

  it('drops a byte order mark at the start only', () => {
    expect(parse('\uFEFFexternalId\nx\uFEFF\n')).toEqual([
      { line: 1, fields: ['externalId'] },
      { line: 2, fields: ['x\uFEFF'] },
    ]);
  });

  it('gives the same records whatever the chunks (a CRLF or a "" split between two)', () => {
    const text = '\uFEFFa,"b ""q"""\r\n"x\r\ny",2\r\n,\r\n';
    const whole = parse(text);
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b "q"'] },
      { line: 2, fields: ['x\r\ny', '2'] },
      { line: 4, fields: ['', ''] },
    ]);
    for (const size of [1, 2, 3, 5]) expect(parse(text, size)).toEqual(whole);
  });

  it('skips blank lines and keeps empty fields', () => {
    expect(parse('a,,c\n\n\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 4, fields: ['', ''] },
    ]);
    expect(parse('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });

  it('refuses a quote that is never closed, and a quote inside an unquoted field', () => {
    expect(() => parse('a\n"open,2\n')).toThrow(
      new CsvSyntaxError('line 2: a quoted field is not closed before the end of the file'),
    );
    expect(() => parse('ab"c\n')).toThrow(CsvSyntaxError);
  });
});

describe('csvRecords', () => {
  it('reads a stream of chunks', async () => {
    async function* chunks() {
      yield 'a,b\n1,';
      yield '2\n';
    }
    const records: CsvRecord[] = [];
    for await (const r of csvRecords(chunks())) records.push(r);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
