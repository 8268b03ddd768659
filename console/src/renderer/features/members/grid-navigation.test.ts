import { describe, expect, it } from 'vitest';
import { nextGridPosition } from './grid-navigation.ts';

const size = { rows: 50, cols: 4, pageRows: 10 };

describe('nextGridPosition', () => {
  it('moves one cell with the arrows and stops at the edges instead of wrapping', () => {
    expect(nextGridPosition({ row: 3, col: 1 }, { key: 'ArrowDown' }, size)).toEqual({ row: 4, col: 1 });
    expect(nextGridPosition({ row: 3, col: 1 }, { key: 'ArrowLeft' }, size)).toEqual({ row: 3, col: 0 });
    expect(nextGridPosition({ row: 3, col: 3 }, { key: 'ArrowRight' }, size)).toEqual({ row: 3, col: 3 });
    expect(nextGridPosition({ row: 0, col: 2 }, { key: 'ArrowUp' }, size)).toEqual({ row: 0, col: 2 });
    expect(nextGridPosition({ row: 49, col: 2 }, { key: 'ArrowDown' }, size)).toEqual({ row: 49, col: 2 });
  });

  it('goes to the ends of the row with Home/End, of the grid with Ctrl (or Cmd)', () => {
    expect(nextGridPosition({ row: 7, col: 2 }, { key: 'Home' }, size)).toEqual({ row: 7, col: 0 });
    expect(nextGridPosition({ row: 7, col: 2 }, { key: 'End' }, size)).toEqual({ row: 7, col: 3 });
    expect(nextGridPosition({ row: 7, col: 2 }, { key: 'Home', ctrlKey: true }, size)).toEqual({ row: 0, col: 0 });
    expect(nextGridPosition({ row: 7, col: 2 }, { key: 'End', metaKey: true }, size)).toEqual({ row: 49, col: 3 });
  });

  it('pages by the visible rows, clamped to the grid', () => {
    expect(nextGridPosition({ row: 7, col: 1 }, { key: 'PageDown' }, size)).toEqual({ row: 17, col: 1 });
    expect(nextGridPosition({ row: 7, col: 1 }, { key: 'PageUp' }, size)).toEqual({ row: 0, col: 1 });
    expect(nextGridPosition({ row: 45, col: 1 }, { key: 'PageDown' }, size)).toEqual({ row: 49, col: 1 });
  });

  it('ignores other keys and empty grids', () => {
    expect(nextGridPosition({ row: 0, col: 0 }, { key: 'a' }, size)).toBeUndefined();
    expect(
      nextGridPosition({ row: 0, col: 0 }, { key: 'ArrowDown' }, { rows: 0, cols: 4, pageRows: 10 }),
    ).toBeUndefined();
  });
});
