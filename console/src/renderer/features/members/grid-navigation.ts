// Keyboard movement in a data grid, as the WAI-ARIA grid pattern describes it: arrows move one
// cell and stop at the edges (no wrapping), Home/End go to the row's first/last cell,
// Ctrl+Home/Ctrl+End to the grid's first/last cell, PageUp/PageDown by a page of rows.

export interface GridPosition {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  /** Rows a PageUp/PageDown moves (about what the viewport shows). */
  pageRows: number;
}

export interface GridKey {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

/** The cell a key moves to, or undefined when the key is not a grid movement. */
export function nextGridPosition(from: GridPosition, key: GridKey, size: GridSize): GridPosition | undefined {
  if (size.rows === 0 || size.cols === 0) return undefined;
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;
  const ctrl = key.ctrlKey === true || key.metaKey === true;
  const at = (row: number, col: number) => ({ row: clamp(row, lastRow), col: clamp(col, lastCol) });
  switch (key.key) {
    case 'ArrowDown':
      return at(from.row + 1, from.col);
    case 'ArrowUp':
      return at(from.row - 1, from.col);
    case 'ArrowRight':
      return at(from.row, from.col + 1);
    case 'ArrowLeft':
      return at(from.row, from.col - 1);
    case 'Home':
      return ctrl ? at(0, 0) : at(from.row, 0);
    case 'End':
      return ctrl ? at(lastRow, lastCol) : at(from.row, lastCol);
    case 'PageDown':
      return at(from.row + Math.max(1, size.pageRows), from.col);
    case 'PageUp':
      return at(from.row - Math.max(1, size.pageRows), from.col);
    default:
      return undefined;
  }
}
