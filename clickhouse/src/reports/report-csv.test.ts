import { describe, expect, it } from 'vitest';
import type { ReportColumn } from './compile-report.ts';
import { csvField, reportToCsv } from './report-csv.ts';

const columns: ReportColumn[] = [
  { name: 'reward', role: 'dimension', type: 'string' },
  { name: 'net_points', role: 'measure', type: 'number' },
  { name: 'avg_points_per_posting', role: 'measure', type: 'number' },
];

describe('reportToCsv', () => {
  it('writes a header and rows with CRLF line ends, numbers as they are', () => {
    const csv = reportToCsv(columns, [
      { reward: 'free-coffee', net_points: -150, avg_points_per_posting: 12.5 },
      { reward: '', net_points: '9007199254740993', avg_points_per_posting: null },
    ]);
    expect(csv).toBe('reward,net_points,avg_points_per_posting\r\nfree-coffee,-150,12.5\r\n,9007199254740993,\r\n');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('plain')).toBe('plain');
  });

  it('defuses text that a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(reportToCsv(columns, [{ reward: '=1+1', net_points: -40, avg_points_per_posting: '-3.5' }])).toBe(
      "reward,net_points,avg_points_per_posting\r\n'=1+1,-40,-3.5\r\n",
    );
    expect(csvField('=1+1', false)).toBe('=1+1');
  });

  it('leaves missing cells empty and serializes anything else as JSON text', () => {
    expect(reportToCsv(columns, [{ reward: { a: 1 } }])).toBe(
      'reward,net_points,avg_points_per_posting\r\n"{""a"":1}",,\r\n',
    );
  });
});
