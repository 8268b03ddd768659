import { describe, expect, it } from 'vitest';
import { formatTable } from './table-format.ts';
import { progressBar } from './import-progress.ts';

describe('formatTable', () => {
  it('pads columns to their widest cell and right-aligns numbers', () => {
    expect(
      formatTable(
        ['kind', 'points', 'reason'],
        [
          ['earn', 120, 'welcome'],
          ['redeem', -20, null],
        ],
      ),
    ).toBe('kind    points  reason\nearn       120  welcome\nredeem     -20  -\n');
  });

  it('keeps one line per row when a cell holds line breaks', () => {
    expect(formatTable(['name'], [['Grace\r\nHopper']])).toBe('name\nGrace Hopper\n');
  });

  it('prints the header alone for an empty list', () => {
    expect(formatTable(['id', 'name'], [])).toBe('id  name\n');
  });
});

describe('progressBar', () => {
  it('fills in proportion to what is done', () => {
    expect(progressBar(0, 4)).toBe(`[${'.'.repeat(30)}] 0/4`);
    expect(progressBar(2, 4)).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}] 2/4`);
    expect(progressBar(0, 0)).toBe(`[${'#'.repeat(30)}] 0/0`);
  });
});
